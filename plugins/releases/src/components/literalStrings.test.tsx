import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { VersionsMatrix } from '@backstage-itsm/plugin-releases-common';
import {
  fakeReleasesApi,
  makeEvent,
  makeRelease,
  pageOf,
} from '../__testUtils__/fixtures';
import { renderWithApis } from '../__testUtils__/render';
import {
  makeApprovals,
  makeDecision,
  makeInboxItem,
} from './Approvals/__testUtils__/fixtures';
import { ApprovalsPage } from './Approvals/ApprovalsPage';
import { ReleaseDetail } from './ReleaseDetail/ReleaseDetail';
import { ReleasesPage } from './ReleasesPage/ReleasesPage';
import { EntityVersionsContent } from './Versions/EntityVersionsContent';

// Strings that look like SQL, HTML or templates are shown as text: React
// escapes them, nothing is parsed as markup or evaluated.

const HOSTILE = [
  "'; DROP TABLE releases; --",
  "Robert'); DELETE FROM release_events;--",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  'Zoë’s “release” 🚀 — 日本語',
];

let alert: jest.SpyInstance;
beforeEach(() => {
  alert = jest.spyOn(window, 'alert').mockImplementation(() => {});
});
afterEach(() => alert.mockRestore());

/** Nothing the strings could have become ran or was put into the page. */
function expectNothingInjected() {
  expect(document.body.textContent).not.toBe('');
  expect(alert).not.toHaveBeenCalled();
  expect(document.querySelector('script')).toBeNull();
  expect(document.querySelector('img[onerror]')).toBeNull();
  expect(document.querySelector('[onerror], [onload], [onclick]')).toBeNull();
}

const releases = HOSTILE.map((title, i) =>
  makeRelease({
    id: `rel-${i}`,
    title,
    components: [
      { entityRef: 'component:default/payments-api', version: HOSTILE[i] },
    ],
  }),
);

describe('hostile strings render as text', () => {
  it('in the release list', async () => {
    const api = fakeReleasesApi({
      listReleases: jest.fn().mockResolvedValue(pageOf(releases)),
    });
    await renderWithApis(
      <Routes>
        <Route path="/releases/*" element={<ReleasesPage />} />
      </Routes>,
      { releasesApi: api, routeEntries: ['/releases'] },
    );

    for (const [i, text] of HOSTILE.entries()) {
      expect(await screen.findByRole('link', { name: text })).toHaveAttribute(
        'href',
        `/releases/rel-${i}`,
      );
      expect(screen.getByText(`@${text}`)).toBeInTheDocument();
    }
    expectNothingInjected();
  });

  it('on the release detail: title, versions, history and approval comments', async () => {
    const title = HOSTILE[2];
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue({
        ...makeRelease({
          title,
          description: 'Plain text {{7*7}}, no Markdown',
          phase: 'design',
          components: [
            {
              entityRef: 'component:default/payments-api',
              version: HOSTILE[3],
            },
          ],
        }),
        approvals: makeApprovals({
          decisions: HOSTILE.map((comment, i) =>
            makeDecision({ id: `d${i}`, comment }),
          ),
        }),
      }),
      listReleaseEvents: jest
        .fn()
        .mockResolvedValue(
          pageOf(
            HOSTILE.map((reason, i) =>
              makeEvent({ id: `evt-${i}`, type: 'transitioned', reason }),
            ),
          ),
        ),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    expect(
      await screen.findByRole('heading', { name: title }),
    ).toBeInTheDocument();
    expect(screen.getByText(`→ ${HOSTILE[3]}`)).toBeInTheDocument();
    expect(
      screen.getByText('Plain text {{7*7}}, no Markdown'),
    ).toBeInTheDocument();
    for (const text of HOSTILE) {
      expect(await screen.findByText(`Reason: ${text}`)).toBeInTheDocument();
      expect(screen.getByRole('cell', { name: text })).toBeInTheDocument();
    }
    expectNothingInjected();
  });

  it('in the description, Markdown with HTML is sanitised: no script, no event handlers', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue(
        makeRelease({
          title: 'Markdown description',
          description: HOSTILE.join('\n\n'),
        }),
      ),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    await screen.findByRole('heading', { name: 'Markdown description' });
    // The description is Markdown (Backstage's MarkdownContent, raw HTML
    // sanitised): plain strings stay literal, tags lose scripts and handlers.
    for (const text of [HOSTILE[0], HOSTILE[1], HOSTILE[4], HOSTILE[5]]) {
      expect(screen.getByText(text)).toBeInTheDocument();
    }
    expect(screen.queryByText('alert(1)')).toBeNull();
    const images = document.querySelectorAll('img');
    expect([...images].map(i => i.getAttributeNames().sort())).toEqual([
      ['src'],
    ]);
    expectNothingInjected();
  });

  it('in the approvals inbox', async () => {
    const api = fakeReleasesApi({
      getInbox: jest.fn().mockResolvedValue({
        items: HOSTILE.map((title, i) =>
          makeInboxItem({
            release: makeRelease({ id: `rel-${i}`, title, phase: 'test' }),
          }),
        ),
        totalCount: HOSTILE.length,
      }),
    });
    await renderWithApis(<ApprovalsPage />, { releasesApi: api });

    const list = await screen.findByRole('list', {
      name: 'Releases waiting for your approval',
    });
    for (const [i, text] of HOSTILE.entries()) {
      expect(within(list).getByRole('link', { name: text })).toHaveAttribute(
        'href',
        `/releases/rel-${i}`,
      );
    }
    expectNothingInjected();
  });

  it('in the versions matrix', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { owner: 'payments-team' },
    };
    const matrix: VersionsMatrix = {
      environments: [{ name: 'staging', order: 1, gated: false }],
      rows: HOSTILE.map((version, i) => ({
        entityRef: `component:default/service-${i}`,
        drifted: false,
        environments: {
          staging: {
            environment: 'staging',
            version,
            deployedAt: '2026-11-28T16:00:00.000Z',
            actor: 'ci-pipeline',
            releaseId: null,
            deploymentId: String(i),
            authorized: true,
            drift: [],
          },
        },
      })),
      totalCount: HOSTILE.length,
      limit: 20,
      offset: 0,
    };
    const api = fakeReleasesApi({
      getVersions: jest.fn().mockResolvedValue(matrix),
    });
    await renderWithApis(
      <EntityProvider entity={entity}>
        <EntityVersionsContent />
      </EntityProvider>,
      { releasesApi: api },
    );

    const table = await screen.findByRole('table', {
      name: 'Versions per environment',
    });
    for (const text of HOSTILE) {
      expect(within(table).getByText(text)).toBeInTheDocument();
    }
    expectNothingInjected();
  });
});
