import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import {
  makeApprovals,
  makeDecision,
  makeInboxItem,
  makeRule,
} from './__testUtils__/fixtures';
import { ApprovalsPage } from './ApprovalsPage';
import { renderWithAlerts } from './__testUtils__/render';
import { renderWithApis } from '../../__testUtils__/render';
import { fakeSignalApi } from '../../__testUtils__/signals';

const major = makeInboxItem({
  release: makeRelease({
    id: 'rel-1',
    title: 'Payments API 2.5',
    type: 'major',
    phase: 'test',
    description: 'Adds **3-D Secure 2** to card payments.',
    risk: {
      score: 62,
      level: 'high',
      reasons: [],
      computedAt: '2026-11-28T10:00:00Z',
    },
  }),
});
const hotfix = makeInboxItem({
  release: makeRelease({
    id: 'rel-3',
    title: 'Auth token rotation hotfix',
    type: 'emergency',
    phase: 'review',
    owner: 'group:default/platform-team',
  }),
  rules: [
    makeRule({
      policy: 'emergency',
      key: 'emergency#0',
      group: 'group:default/release-managers',
      required: 1,
      given: 0,
      approvers: [],
      stage: 'review',
    }),
  ],
  stage: 'review',
  overdue: true,
});

async function failure(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

const forbidden = (message: string) => failure(403, 'NotAllowedError', message);

describe('ApprovalsPage', () => {
  it('lists what waits for the user with what a decision needs', async () => {
    const api = fakeReleasesApi({
      getInbox: jest
        .fn()
        .mockResolvedValue({ items: [hotfix, major], totalCount: 2 }),
      checkPlan: jest.fn(async request =>
        request.releaseId === 'rel-1'
          ? {
              warnings: [
                {
                  kind: 'freeze' as const,
                  window: 'No Friday deploys',
                  message: 'planned into No Friday deploys',
                  overlap: {
                    start: '2026-12-04T19:00:00Z',
                    end: '2026-12-05T09:00:00Z',
                  },
                },
              ],
            }
          : { warnings: [] },
      ),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });

    expect(
      await screen.findByRole('link', { name: 'Payments API 2.5' }),
    ).toHaveAttribute('href', '/releases/rel-1');
    expect(
      screen.getByRole('heading', { name: 'Approvals' }),
    ).toBeInTheDocument();
    for (const link of screen.getAllByRole('link', { name: 'Policies' })) {
      expect(link).toHaveAttribute('href', '/releases/policies');
    }

    const items = within(
      screen.getByRole('list', { name: 'Releases waiting for your approval' }),
    ).getAllByRole('listitem', { name: /./ });
    expect(items).toHaveLength(2);

    const first = screen.getByRole('listitem', {
      name: 'Auth token rotation hotfix',
    });
    expect(within(first).getByText('Overdue review')).toBeInTheDocument();
    expect(within(first).getByText('Emergency')).toBeInTheDocument();
    expect(
      within(first).getByText('emergency: 0 of 1 from release-managers'),
    ).toBeInTheDocument();
    expect(
      within(first).getByRole('link', { name: 'platform-team' }),
    ).toBeInTheDocument();

    expect(within(first).getByText('Not computed yet')).toBeInTheDocument();
    expect(within(first).getByText('None known')).toBeInTheDocument();

    const second = screen.getByRole('listitem', { name: 'Payments API 2.5' });
    expect(
      within(second).getByText(
        'cab-for-major: 1 of 2 from Change Advisory Board',
      ),
    ).toBeInTheDocument();
    // What a CAB member decides on: risk, components, who asked, conflicts, description.
    expect(within(second).getByText('High')).toBeInTheDocument();
    expect(within(second).getByText('score 62 of 100')).toBeInTheDocument();
    expect(
      within(second).getByRole('link', { name: 'Payments API' }),
    ).toBeInTheDocument();
    expect(within(second).getByText(/→ 2\.4\.0/)).toBeInTheDocument();
    expect(
      within(second).getByRole('link', { name: 'alice' }),
    ).toBeInTheDocument();
    expect(
      await within(second).findByText(
        'Planned into the freeze “No Friday deploys”',
      ),
    ).toBeInTheDocument();
    expect(within(second).getByText('3-D Secure 2')).toBeInTheDocument();
    expect(within(second).getByText('Major')).toBeInTheDocument();
    expect(within(second).getByText('Test')).toBeInTheDocument();
    expect(within(second).queryByText('Overdue review')).toBeNull();
    expect(within(second).getByText(/Dec 1, 2026/)).toBeInTheDocument();
    // Every candidate was read: no notice.
    expect(screen.queryByText(/More than 500 open releases/)).toBeNull();
  });

  it('says when more releases could need the user than the inbox read', async () => {
    const api = fakeReleasesApi({
      getInbox: jest
        .fn()
        .mockResolvedValue({ items: [major], totalCount: 1, truncated: true }),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });

    expect(
      await screen.findByRole('link', { name: 'Payments API 2.5' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'More than 500 open releases could need your decision. These are from the 500 planned soonest; releases planned later show up here as these are decided.',
    );
  });

  it('says so when nothing waits', async () => {
    const api = fakeReleasesApi();
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });

    expect(
      await screen.findByText('Nothing waits for your approval.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('approves with a comment, drops the item and confirms', async () => {
    const api = fakeReleasesApi({
      getInbox: jest
        .fn()
        .mockResolvedValueOnce({ items: [major], totalCount: 1 })
        .mockResolvedValue({ items: [], totalCount: 0 }),
      decide: jest.fn().mockResolvedValue({
        decision: makeDecision({ approver: 'user:default/guest' }),
        approvals: makeApprovals({ status: 'pending' }),
      }),
    });
    const { alertApi } = await renderWithAlerts(<ApprovalsPage />, {
      releasesApi: api,
    });
    const user = userEvent.setup();

    const item = await screen.findByRole('listitem', {
      name: 'Payments API 2.5',
    });
    await user.click(within(item).getByRole('button', { name: 'Approve' }));

    const dialog = screen.getByRole('dialog', { name: 'Approve release' });
    expect(
      within(dialog).getByText(
        'cab-for-major: 1 of 2 from Change Advisory Board',
      ),
    ).toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', {
      name: 'Approve release',
    });
    expect(confirm).toBeEnabled();
    await user.type(within(dialog).getByLabelText('Comment'), ' Looks safe ');
    await user.click(confirm);

    await waitFor(() =>
      expect(api.decide).toHaveBeenCalledWith('rel-1', {
        decision: 'approved',
        comment: 'Looks safe',
      }),
    );
    expect(
      await screen.findByText('Nothing waits for your approval.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.getInbox).toHaveBeenCalledTimes(2);
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Approved "Payments API 2.5"',
        severity: 'success',
      }),
    );
  });

  it('rejects only with a comment that says what must change', async () => {
    const api = fakeReleasesApi({
      getInbox: jest.fn().mockResolvedValue({ items: [major], totalCount: 1 }),
      decide: jest.fn().mockResolvedValue({
        decision: makeDecision({ decision: 'rejected' }),
        approvals: makeApprovals({ status: 'rejected' }),
      }),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject release' });
    const confirm = within(dialog).getByRole('button', {
      name: 'Reject release',
    });
    expect(confirm).toBeDisabled();
    expect(
      within(dialog).getByText(
        'Say what must change before it can be approved.',
      ),
    ).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Comment'), '   ');
    expect(confirm).toBeDisabled();
    await user.type(
      within(dialog).getByLabelText('Comment'),
      'No rollback plan for the ledger migration',
    );
    expect(confirm).toBeEnabled();
    await user.click(confirm);

    await waitFor(() =>
      expect(api.decide).toHaveBeenCalledWith('rel-1', {
        decision: 'rejected',
        comment: 'No rollback plan for the ledger migration',
      }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('listitem', { name: 'Payments API 2.5' }),
      ).toBeNull(),
    );
  });

  it('keeps the dialog open and shows why the server refused', async () => {
    const api = fakeReleasesApi({
      getInbox: jest.fn().mockResolvedValue({ items: [major], totalCount: 1 }),
      decide: jest
        .fn()
        .mockRejectedValue(
          await forbidden(
            'separation of duties: you created this release, so someone else must approve it',
          ),
        ),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = screen.getByRole('dialog', { name: 'Approve release' });
    await user.click(
      within(dialog).getByRole('button', { name: 'Approve release' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Separation of duties: you created this release, so someone else must approve it.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      screen.getByRole('listitem', { name: 'Payments API 2.5' }),
    ).toBeInTheDocument();
  });

  it('reloads the inbox when the backend signals that it changed', async () => {
    const signalApi = fakeSignalApi();
    const api = fakeReleasesApi({
      getInbox: jest
        .fn()
        .mockResolvedValueOnce({ items: [], totalCount: 0 })
        .mockResolvedValue({ items: [major], totalCount: 1 }),
    });
    await renderWithApis(<ApprovalsPage />, { releasesApi: api, signalApi });
    expect(
      await screen.findByText('Nothing waits for your approval.'),
    ).toBeInTheDocument();

    signalApi.publish('releases:approvals');

    expect(
      await screen.findByRole('listitem', { name: 'Payments API 2.5' }),
    ).toBeInTheDocument();
  });

  it('lists what the user decided, newest first, a page at a time', async () => {
    const api = fakeReleasesApi({
      getDecided: jest.fn().mockResolvedValue({
        items: [
          {
            release: makeRelease({ id: 'rel-7', title: 'Ledger 3.0' }),
            decision: makeDecision({
              id: 'd7',
              releaseId: 'rel-7',
              decision: 'rejected',
              comment: 'No rollback plan',
              decidedAt: '2026-11-28T10:00:00Z',
            }),
          },
        ],
        totalCount: 12,
      }),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });

    const decided = await screen.findByRole('list', {
      name: 'Releases you decided',
    });
    const item = within(decided).getByRole('listitem', { name: 'Ledger 3.0' });
    expect(within(item).getByText('Rejected')).toBeInTheDocument();
    expect(within(item).getByText('No rollback plan')).toBeInTheDocument();
    expect(within(item).getByText(/Nov 28, 2026/)).toBeInTheDocument();
    expect(screen.getByText('1–1 of 12 decisions')).toBeInTheDocument();
    expect(api.getDecided).toHaveBeenCalledWith({ limit: 10, offset: 0 });

    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() =>
      expect(api.getDecided).toHaveBeenLastCalledWith({
        limit: 10,
        offset: 10,
      }),
    );
  });

  it('says so when the backend cannot list decisions yet', async () => {
    const api = fakeReleasesApi({
      getDecided: jest
        .fn()
        .mockRejectedValue(await failure(404, 'NotFoundError', 'Not found')),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });

    expect(
      await screen.findByText(
        'The list of your decisions is not available from this releases backend yet.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a failing inbox as an error', async () => {
    const api = fakeReleasesApi({
      getInbox: jest.fn().mockRejectedValue(new Error('inbox is down')),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });

    expect(await screen.findByRole('alert')).toHaveTextContent('inbox is down');
  });
});
