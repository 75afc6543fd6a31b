import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { ResponseError } from '@backstage/errors';
import {
  CabAgendaItem,
  CabMeeting,
} from '@backstage-itsm/plugin-releases-common';
import {
  fakeReleasesApi,
  makeRelease,
  pageOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { CabMeetingPage } from './CabMeetingPage';

function makeItem(overrides: Partial<CabAgendaItem> = {}): CabAgendaItem {
  return {
    release: makeRelease(),
    source: 'agenda',
    addedBy: null,
    addedAt: null,
    note: null,
    state: 'pending',
    decisions: [],
    warnings: [],
    rollbackPlanRequired: false,
    ...overrides,
  };
}

function makeMeeting(overrides: Partial<CabMeeting> = {}): CabMeeting {
  return {
    id: 'weekly-cab-20261203T1300Z',
    board: 'Weekly CAB',
    start: '2026-12-03T13:00:00Z',
    end: '2026-12-03T14:00:00Z',
    timezone: 'Europe/Berlin',
    status: 'upcoming',
    nextStart: '2026-12-10T13:00:00Z',
    minutes: null,
    agendaAnnouncedAt: null,
    items: [
      makeItem({
        release: makeRelease({
          id: 'rel-1',
          title: 'Storefront 3.0',
          type: 'major',
          risk: {
            score: 62,
            level: 'high',
            reasons: [],
            computedAt: '2026-11-20T10:00:00Z',
          },
          components: [
            { entityRef: 'component:default/storefront-web', version: '3.0.0' },
          ],
          rollbackPlan: {
            text: 'Redeploy 2.9 from the release branch.',
            link: 'https://runbooks.example.com/storefront',
          },
        }),
        warnings: [
          {
            kind: 'freeze',
            message: 'Planned into the freeze "Black Friday"',
            window: 'Black Friday',
            overlap: {
              start: '2026-12-01T09:00:00Z',
              end: '2026-12-01T17:00:00Z',
            },
          },
        ],
      }),
      makeItem({
        release: makeRelease({
          id: 'rel-2',
          title: 'Checkout redesign',
          type: 'major',
        }),
        rollbackPlanRequired: true,
      }),
    ],
    viewer: {
      member: true,
      chair: true,
      canAddItems: true,
      canDecide: true,
      canWriteMinutes: true,
    },
    ...overrides,
  };
}

async function renderMeeting(api: ReturnType<typeof fakeReleasesApi>) {
  return renderWithApis(
    <Routes>
      <Route
        path="/releases/cab/meetings/:meetingId"
        element={<CabMeetingPage />}
      />
    </Routes>,
    {
      releasesApi: api,
      routeEntries: ['/releases/cab/meetings/weekly-cab-20261203T1300Z'],
    },
  );
}

describe('CabMeetingPage', () => {
  it('shows each agenda item with what the board decides on', async () => {
    const api = fakeReleasesApi({
      getCabMeeting: jest.fn().mockResolvedValue(makeMeeting()),
    });
    await renderMeeting(api);

    const first = await screen.findByRole('article', {
      name: 'Storefront 3.0',
    });
    expect(api.getCabMeeting).toHaveBeenCalledWith('weekly-cab-20261203T1300Z');
    expect(
      within(first).getByRole('link', { name: 'Storefront 3.0' }),
    ).toHaveAttribute('href', '/releases/rel-1');
    expect(within(first).getByText('High (score 62)')).toBeInTheDocument();
    expect(within(first).getByText(/storefront-web/)).toBeInTheDocument();
    expect(
      within(first).getByText(/Redeploy 2.9 from the release branch/),
    ).toBeInTheDocument();
    expect(
      within(first).getByRole('link', { name: /Runbook/ }),
    ).toHaveAttribute('href', 'https://runbooks.example.com/storefront');
    expect(within(first).getByText(/Black Friday/)).toBeInTheDocument();

    // Every candidate was judged: nothing to warn about.
    expect(screen.queryByText(/More than 2,000 releases/)).toBeNull();

    const second = screen.getByRole('article', { name: 'Checkout redesign' });
    expect(
      within(second).getByText('None yet: required before deploy'),
    ).toBeInTheDocument();
    expect(
      within(second).getByText('No collisions or freeze conflicts.'),
    ).toBeInTheDocument();
  });

  it('asks for a reason before rejecting, then records it and reloads', async () => {
    const user = userEvent.setup();
    const decided = makeMeeting();
    decided.items[0] = {
      ...decided.items[0],
      state: 'rejected',
      decisions: [
        {
          id: 'dec-1',
          meetingId: decided.id,
          board: 'Weekly CAB',
          releaseId: 'rel-1',
          round: 1,
          decision: 'rejected',
          comment: 'No rollback rehearsal yet',
          decidedBy: 'user:default/carol',
          decidedAt: '2026-12-03T13:20:00Z',
        },
      ],
    };
    const api = fakeReleasesApi({
      getCabMeeting: jest
        .fn()
        .mockResolvedValueOnce(makeMeeting())
        .mockResolvedValue(decided),
      decideCabItem: jest.fn().mockResolvedValue({}),
    });
    await renderMeeting(api);

    await user.click(
      await screen.findByRole('button', { name: 'Reject Storefront 3.0' }),
    );
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Reject' });
    expect(confirm).toBeDisabled();
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Reason' }),
      'No rollback rehearsal yet',
    );
    await user.click(confirm);

    expect(api.decideCabItem).toHaveBeenCalledWith(
      'weekly-cab-20261203T1300Z',
      'rel-1',
      { decision: 'rejected', comment: 'No rollback rehearsal yet' },
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const first = screen.getByRole('article', { name: 'Storefront 3.0' });
    expect(
      await within(first).findByText('Rejected by the board'),
    ).toBeInTheDocument();
    expect(
      within(first).queryByRole('button', { name: /Approve/ }),
    ).not.toBeInTheDocument();
    expect(
      within(first).getByText(/No rollback rehearsal yet/),
    ).toBeInTheDocument();
  });

  it('approves and defers without a comment, and shows why a decision failed', async () => {
    const user = userEvent.setup();
    const api = fakeReleasesApi({
      getCabMeeting: jest.fn().mockResolvedValue(makeMeeting()),
      decideCabItem: jest
        .fn()
        .mockResolvedValueOnce({})
        .mockRejectedValueOnce(
          await ResponseError.fromResponse(
            new Response(
              JSON.stringify({
                error: {
                  name: 'NotAllowedError',
                  message: 'You created this release and may not approve it',
                },
                response: { statusCode: 403 },
              }),
              {
                status: 403,
                headers: { 'Content-Type': 'application/json' },
              },
            ),
          ),
        ),
    });
    await renderMeeting(api);

    await user.click(
      await screen.findByRole('button', { name: 'Approve Storefront 3.0' }),
    );
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Approve',
      }),
    );
    expect(api.decideCabItem).toHaveBeenLastCalledWith(
      'weekly-cab-20261203T1300Z',
      'rel-1',
      { decision: 'approved', comment: '' },
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await user.click(
      screen.getByRole('button', { name: 'Defer Checkout redesign' }),
    );
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Defer' }),
    );
    expect(api.decideCabItem).toHaveBeenLastCalledWith(
      'weekly-cab-20261203T1300Z',
      'rel-2',
      { decision: 'deferred', comment: '' },
    );
    expect(
      await within(screen.getByRole('dialog')).findByText(
        'You created this release and may not approve it',
      ),
    ).toBeInTheDocument();
  });

  it('saves the minutes and adds a release by hand', async () => {
    const user = userEvent.setup();
    const meeting = makeMeeting();
    const api = fakeReleasesApi({
      getCabMeeting: jest.fn().mockResolvedValue(meeting),
      setCabMinutes: jest.fn().mockResolvedValue({
        ...meeting,
        minutes: {
          text: 'Storefront approved.',
          by: 'user:default/carol',
          at: '2026-12-03T13:50:00Z',
        },
      }),
      listReleases: jest
        .fn()
        .mockResolvedValue(
          pageOf([makeRelease({ id: 'rel-9', title: 'Search index rebuild' })]),
        ),
      addCabItem: jest.fn().mockResolvedValue(makeItem()),
    });
    await renderMeeting(api);

    await user.type(
      await screen.findByRole('textbox', { name: 'Minutes' }),
      'Storefront approved.',
    );
    await user.click(screen.getByRole('button', { name: 'Save minutes' }));
    expect(api.setCabMinutes).toHaveBeenCalledWith(
      'weekly-cab-20261203T1300Z',
      'Storefront approved.',
    );
    expect(await screen.findByText('Minutes saved.')).toBeInTheDocument();

    await user.click(screen.getByRole('textbox', { name: 'Release' }));
    await user.click(
      await screen.findByRole('option', { name: /Search index rebuild/ }),
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Note (optional)' }),
      'Touches checkout',
    );
    await user.click(screen.getByRole('button', { name: 'Add to agenda' }));
    expect(api.addCabItem).toHaveBeenCalledWith('weekly-cab-20261203T1300Z', {
      releaseId: 'rel-9',
      note: 'Touches checkout',
    });
    await waitFor(() => expect(api.getCabMeeting).toHaveBeenCalledTimes(2));
  });

  it('says when the agenda could not judge every release that may need the board', async () => {
    const api = fakeReleasesApi({
      getCabMeeting: jest
        .fn()
        .mockResolvedValue(makeMeeting({ agendaTruncated: true })),
    });
    await renderMeeting(api);

    const agenda = await screen.findByRole('region', { name: 'Agenda' });
    expect(within(agenda).getByRole('alert')).toHaveTextContent(
      'More than 2,000 releases could need this board before its next meeting. The agenda holds those that do among the first 2,000 by planned start; add later ones by hand.',
    );
    // Its items are still listed.
    expect(
      within(agenda).getByRole('article', { name: 'Storefront 3.0' }),
    ).toBeInTheDocument();
  });

  it('offers no decisions, minutes editor or adding to readers', async () => {
    const api = fakeReleasesApi({
      getCabMeeting: jest.fn().mockResolvedValue(
        makeMeeting({
          viewer: {
            member: false,
            chair: false,
            canAddItems: false,
            canDecide: false,
            canWriteMinutes: false,
          },
        }),
      ),
    });
    await renderMeeting(api);

    expect(
      await screen.findByRole('article', { name: 'Storefront 3.0' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Minutes' })).toBeNull();
    expect(
      screen.getByText('No minutes yet. The chair writes them.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add to agenda' })).toBeNull();
  });
});
