import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { ListReleasesOptions } from '../../api';
import {
  fakeReleasesApi,
  makeRelease,
  pageOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { fakeSignalApi } from '../../__testUtils__/signals';
import { EntityReleasesContent } from './EntityReleasesContent';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    title: 'Payments API',
  },
  spec: { type: 'service', owner: 'payments-team', system: 'payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
};

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { owner: 'group:default/payments-team' },
};

const releases = [
  makeRelease({
    id: 'r-build',
    title: 'Ledger 5.0',
    phase: 'test',
    type: 'major',
  }),
  makeRelease({ id: 'r-plan', title: 'Payments 2.5', phase: 'plan' }),
  makeRelease({
    id: 'r-design',
    title: 'Fraud rules',
    phase: 'design',
    type: 'emergency',
  }),
  makeRelease({ id: 'r-closed', title: 'Payments 2.3', phase: 'closed' }),
];

/** Answers like the backend: only the releases in the requested phases. */
function byPhase(items = releases) {
  return jest.fn(async (options?: ListReleasesOptions) =>
    pageOf(items.filter(r => options?.phase?.includes(r.phase) ?? true)),
  );
}

function sectionOf(title: string): HTMLElement {
  const heading = screen.getByRole('heading', { name: title });
  return heading.closest('.MuiPaper-root') as HTMLElement;
}

async function renderTab(
  entity: Entity,
  releasesApi = fakeReleasesApi(),
  signalApi?: ReturnType<typeof fakeSignalApi>,
) {
  const rendered = await renderWithApis(
    <EntityProvider entity={entity}>
      <EntityReleasesContent />
    </EntityProvider>,
    {
      releasesApi,
      signalApi,
      routeEntries: [
        `/catalog/default/${entity.kind.toLowerCase()}/${
          entity.metadata.name
        }/releases`,
      ],
    },
  );
  return { ...rendered, releasesApi };
}

describe('EntityReleasesContent', () => {
  it('groups a component’s releases into in progress, upcoming and past', async () => {
    const api = fakeReleasesApi({ listReleases: byPhase() });
    await renderTab(component, api);

    expect(await screen.findByText('Ledger 5.0')).toBeInTheDocument();
    expect(
      within(sectionOf('In progress')).getByText('Ledger 5.0'),
    ).toBeInTheDocument();
    expect(
      within(sectionOf('In progress')).getByText('Test'),
    ).toBeInTheDocument();
    const upcoming = within(sectionOf('Upcoming'));
    expect(upcoming.getByText('Payments 2.5')).toBeInTheDocument();
    expect(upcoming.getByText('Fraud rules')).toBeInTheDocument();
    expect(upcoming.getByText('Emergency')).toBeInTheDocument();
    expect(upcoming.queryByText('Ledger 5.0')).toBeNull();
    expect(
      within(sectionOf('Past')).getByText('Payments 2.3'),
    ).toBeInTheDocument();
    expect(within(sectionOf('Past')).getByText('Closed')).toBeInTheDocument();

    expect(api.listReleases).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/payments-api',
        phase: ['build', 'test', 'deploy', 'review'],
      }),
    );
    expect(api.listReleases).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/payments-api',
        phase: ['closed', 'cancelled'],
      }),
    );
  });

  it('shows who holds the roles of releases under way, and asks for them only there', async () => {
    const withRoles = releases.map(r =>
      r.phase === 'closed'
        ? r
        : {
            ...r,
            roles: [
              {
                id: 'release-manager',
                title: 'Release manager',
                requiredToLeavePlan: true,
                holder: r.id === 'r-build' ? 'user:default/alice' : null,
                assignedBy: null,
                assignedAt: null,
              },
              {
                id: 'qa-lead',
                title: 'QA lead',
                requiredToLeavePlan: false,
                holder: r.id === 'r-build' ? 'group:default/qa' : null,
                assignedBy: null,
                assignedAt: null,
              },
            ],
          },
    );
    const api = fakeReleasesApi({ listReleases: byPhase(withRoles) });
    await renderTab(component, api);

    const inProgress = within(await waitFor(() => sectionOf('In progress')));
    expect(
      await inProgress.findByRole('columnheader', { name: 'Roles' }),
    ).toBeInTheDocument();
    expect(inProgress.getByText(/Release manager:/)).toHaveTextContent(
      'Release manager: alice',
    );
    expect(inProgress.getByText(/QA lead:/)).toHaveTextContent('QA lead: qa');
    expect(
      within(sectionOf('Upcoming')).getAllByText('Nobody assigned'),
    ).toHaveLength(2);
    expect(
      within(sectionOf('Past')).queryByRole('columnheader', { name: 'Roles' }),
    ).toBeNull();
    expect(api.listReleases).toHaveBeenCalledWith(
      expect.objectContaining({
        phase: ['plan', 'design'],
        include: ['roles'],
      }),
    );
    expect(api.listReleases).toHaveBeenCalledWith(
      expect.not.objectContaining({ include: expect.anything() }),
    );
  });

  it('watches the component so its releases notify the viewer', async () => {
    const watch = {
      id: 'w-9',
      watcher: 'user:default/test',
      target: {
        kind: 'entity' as const,
        entityRef: 'component:default/payments-api',
      },
      createdBy: 'user:default/test',
      createdAt: '2026-11-30T10:00:00Z',
    };
    const api = fakeReleasesApi({
      listReleases: byPhase(),
      listWatches: jest
        .fn()
        .mockResolvedValueOnce(pageOf([]))
        .mockResolvedValue(pageOf([watch])),
      watch: jest.fn().mockResolvedValue(watch),
    });
    await renderTab(component, api);

    await userEvent.click(await screen.findByRole('button', { name: 'Watch' }));
    expect(api.watch).toHaveBeenCalledWith({
      entityRef: 'component:default/payments-api',
    });
    expect(
      await screen.findByRole('button', { name: 'Stop watching' }),
    ).toBeEnabled();
  });

  it('shows a release someone else planned as soon as the backend signals it', async () => {
    const signalApi = fakeSignalApi();
    const fresh = makeRelease({
      id: 'r-fresh',
      title: 'Payments 2.7',
      phase: 'plan',
    });
    let planned = false;
    const api = fakeReleasesApi({
      listReleases: jest.fn(async options =>
        planned && options?.phase?.includes('plan')
          ? pageOf([fresh])
          : pageOf([]),
      ),
    });
    await renderTab(component, api, signalApi);
    expect(await screen.findByText('No releases yet')).toBeInTheDocument();
    expect(signalApi.channels()).toContain(
      'releases:entity:component:default/payments-api',
    );

    planned = true;
    signalApi.publish('releases:entity:component:default/payments-api');

    expect(
      await within(await waitFor(() => sectionOf('Upcoming'))).findByText(
        'Payments 2.7',
      ),
    ).toBeInTheDocument();
  });

  it('says so when a section is empty', async () => {
    const api = fakeReleasesApi({
      listReleases: byPhase(releases.slice(1, 2)),
    });
    await renderTab(component, api);

    expect(await screen.findByText('Payments 2.5')).toBeInTheDocument();
    expect(screen.getByText('No release is in progress.')).toBeInTheDocument();
    expect(screen.getByText('No past releases.')).toBeInTheDocument();
  });

  it('asks a group for the releases it owns and a system for its components’ releases', async () => {
    const groupApi = fakeReleasesApi({ listReleases: byPhase() });
    const { unmount } = await renderTab(group, groupApi);
    await screen.findByText('Ledger 5.0');
    expect(groupApi.listReleases).toHaveBeenCalledWith(
      expect.objectContaining({ owner: 'group:default/payments-team' }),
    );
    unmount();

    const systemApi = fakeReleasesApi({ listReleases: byPhase() });
    await renderTab(system, systemApi);
    await screen.findByText('Ledger 5.0');
    expect(systemApi.listReleases).toHaveBeenCalledWith(
      expect.objectContaining({ system: 'system:default/payments' }),
    );
  });

  it('shows an empty state that plans a release for the component', async () => {
    await renderTab(component);
    const user = userEvent.setup();

    expect(await screen.findByText('No releases yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Plan release' }));

    const dialog = await screen.findByRole('dialog', {
      name: 'Plan a release',
    });
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Owner')).toHaveValue(
        'Payments Team',
      ),
    );
    expect(
      within(dialog).getByRole('textbox', { name: 'Version of Payments API' }),
    ).toHaveValue('');
  });

  it('opens the new release after planning it from the tab', async () => {
    const created = makeRelease({ id: 'r-new', title: 'Payments 2.6' });
    const api = fakeReleasesApi({
      createRelease: jest.fn().mockResolvedValue(created),
      getRelease: jest.fn().mockResolvedValue(created),
    });
    await renderTab(component, api);
    const user = userEvent.setup();

    await user.click(
      await screen.findByRole('button', { name: 'Plan release' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Plan a release',
    });
    await user.click(within(dialog).getByLabelText('Title'));
    await user.paste('Payments 2.6');
    fireEvent.change(within(dialog).getByLabelText('Planned start'), {
      target: { value: '2026-12-10T09:00' },
    });
    fireEvent.change(within(dialog).getByLabelText('Planned end'), {
      target: { value: '2026-12-10T12:00' },
    });
    await user.click(within(dialog).getByRole('button', { name: 'Create' }));

    expect(
      await screen.findByRole('heading', { name: 'Payments 2.6' }),
    ).toBeInTheDocument();
    expect(api.createRelease).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Payments 2.6',
        owner: 'group:default/payments-team',
        components: [{ entityRef: 'component:default/payments-api' }],
      }),
    );
    expect(api.getRelease).toHaveBeenCalledWith('r-new');
    expect(
      screen.getByRole('link', { name: 'Back to releases' }),
    ).toBeInTheDocument();
  });

  it('shows the error when releases cannot be loaded', async () => {
    const failure = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'releases database unavailable' },
          response: { statusCode: 503 },
        }),
        { status: 503, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = fakeReleasesApi({
      listReleases: jest.fn().mockRejectedValue(failure),
    });
    await renderTab(component, api);

    expect(
      await screen.findByText('releases database unavailable', {
        selector: 'p',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText('No releases yet')).toBeNull();
  });

  it('opens a release inside the tab and goes back to the list', async () => {
    const api = fakeReleasesApi({
      listReleases: byPhase(),
      getRelease: jest.fn().mockResolvedValue(releases[0]),
    });
    await renderTab(component, api);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('link', { name: 'Ledger 5.0' }));

    expect(
      await screen.findByRole('heading', { name: 'Ledger 5.0' }),
    ).toBeInTheDocument();
    expect(api.getRelease).toHaveBeenCalledWith('r-build');
    expect(
      screen.getByRole('button', { name: 'Move to Deploy' }),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Back to releases' }));
    expect(
      await screen.findByRole('heading', { name: 'Upcoming' }),
    ).toBeInTheDocument();
  });

  it('opens the release named in the URL', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue(releases[1]),
    });
    await renderWithApis(
      <EntityProvider entity={component}>
        <EntityReleasesContent />
      </EntityProvider>,
      {
        releasesApi: api,
        routeEntries: [
          '/catalog/default/component/payments-api/releases?release=r-plan',
        ],
      },
    );

    expect(
      await screen.findByRole('heading', { name: 'Payments 2.5' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.getRelease).toHaveBeenCalledWith('r-plan'));
    expect(api.listReleases).not.toHaveBeenCalled();
  });
});
