import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import {
  makeApprovals,
  makeDecision,
  makeRule,
} from './__testUtils__/fixtures';
import { ApprovalsCard } from './ApprovalsCard';
import { renderWithAlerts } from './__testUtils__/render';

const release = makeRelease({
  id: 'rel-1',
  title: 'Payments API 2.5',
  type: 'major',
  phase: 'test',
  approvalRound: 2,
});

describe('ApprovalsCard', () => {
  it('shows the status, each rule with its progress and every decision', async () => {
    const api = fakeReleasesApi();
    const approvals = makeApprovals({
      round: 2,
      rules: [
        makeRule(),
        makeRule({
          key: 'cab-for-major#1',
          group: 'group:default/payments-team',
          owner: true,
          required: 1,
          given: 1,
          state: 'satisfied',
          eligible: ['user:default/bob'],
          approvers: ['user:default/bob'],
        }),
      ],
      decisions: [
        makeDecision({ id: 'd3', round: 2 }),
        makeDecision({
          id: 'd2',
          round: 2,
          approver: 'user:default/bob',
          onBehalfOf: 'group:default/payments-team',
          comment: 'Owner sign-off',
        }),
        makeDecision({
          id: 'd1',
          round: 1,
          approver: 'user:default/frank',
          decision: 'rejected',
          comment: 'Needs a rollback plan',
        }),
      ],
      viewer: {
        canDecide: false,
        reason:
          'separation of duties: you created this release, so someone else must approve it',
      },
    });
    await renderWithAlerts(
      <ApprovalsCard release={release} approvals={approvals} />,
      { releasesApi: api },
    );

    expect(
      await screen.findByRole('status', { name: 'Approval status' }),
    ).toHaveTextContent('Pending');

    const rules = screen.getByRole('list', { name: 'Approval rules' });
    expect(
      within(rules).getByRole('progressbar', {
        name: 'cab-for-major: 1 of 2 from Change Advisory Board',
      }),
    ).toHaveAttribute('aria-valuenow', '50');
    expect(
      within(rules).getByRole('progressbar', {
        name: 'cab-for-major: 1 of 1 from Payments Team (owner)',
      }),
    ).toHaveAttribute('aria-valuenow', '100');
    expect(within(rules).getAllByRole('link', { name: 'erin' }).length).toBe(2);
    expect(
      within(rules).getByRole('link', { name: 'guest' }),
    ).toBeInTheDocument();

    const decisions = screen.getByRole('table', { name: 'Decisions' });
    const rows = within(decisions).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toHaveTextContent('Owner sign-off');
    expect(rows[2]).toHaveTextContent('Payments Team');
    expect(rows[3]).toHaveTextContent('frank');
    expect(rows[3]).toHaveTextContent('Rejected');
    expect(rows[3]).toHaveTextContent('earlier round, reset by an edit');
    expect(rows[1]).not.toHaveTextContent('earlier round');

    expect(
      screen.getByText(
        'Separation of duties: you created this release, so someone else must approve it.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
  });

  it('lets an eligible viewer approve, then has the page reload the release', async () => {
    const onDecided = jest.fn();
    const api = fakeReleasesApi({
      decide: jest.fn().mockResolvedValue({
        decision: makeDecision({ approver: 'user:default/guest' }),
        approvals: makeApprovals({ status: 'approved' }),
      }),
    });
    const { alertApi } = await renderWithAlerts(
      <ApprovalsCard
        release={release}
        approvals={makeApprovals({ round: 2 })}
        onDecided={onDecided}
      />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = screen.getByRole('dialog', { name: 'Approve release' });
    await user.type(within(dialog).getByLabelText('Comment'), 'Go');
    await user.click(
      within(dialog).getByRole('button', { name: 'Approve release' }),
    );

    await waitFor(() =>
      expect(api.decide).toHaveBeenCalledWith('rel-1', {
        decision: 'approved',
        comment: 'Go',
      }),
    );
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Approved "Payments API 2.5"' }),
    );
  });

  it('reloads the release when the decision came too late (409)', async () => {
    const onDecided = jest.fn();
    const api = fakeReleasesApi({
      decide: jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'ConflictError',
                message: 'the release moved past the deploy gate',
              },
              response: { statusCode: 409 },
            }),
            { status: 409, headers: { 'Content-Type': 'application/json' } },
          ),
        ),
      ),
    });
    const { alertApi } = await renderWithAlerts(
      <ApprovalsCard
        release={release}
        approvals={makeApprovals()}
        onDecided={onDecided}
      />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: 'Reject release' });
    await user.type(within(dialog).getByLabelText('Comment'), 'Not yet');
    await user.click(
      within(dialog).getByRole('button', { name: 'Reject release' }),
    );

    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        severity: 'warning',
        message:
          'The release moved past the deploy gate. The page now shows the release as it is now.',
      }),
    );
  });

  it('warns about a break-glass deploy whose review is overdue', async () => {
    const api = fakeReleasesApi();
    const approvals = makeApprovals({
      policies: ['emergency'],
      rules: [
        makeRule({
          policy: 'emergency',
          key: 'emergency#0',
          group: 'group:default/release-managers',
          required: 1,
          given: 0,
          approvers: [],
          eligible: ['user:default/carol'],
          stage: 'review',
        }),
      ],
      decisions: [],
      review: {
        breakGlassAt: '2026-11-20T17:00:00Z',
        reason: 'Active account-takeover attempts',
        dueAt: '2026-11-23T17:00:00Z',
        overdue: true,
        status: 'pending',
      },
      viewer: {
        canDecide: false,
        reason: 'only release managers may decide on this release',
      },
    });
    await renderWithAlerts(
      <ApprovalsCard
        approvals={approvals}
        release={makeRelease({
          type: 'emergency',
          phase: 'review',
          breakGlass: {
            at: '2026-11-20T17:00:00Z',
            reason: 'Active account-takeover attempts',
            by: 'user:default/carol',
            dueAt: '2026-11-23T17:00:00Z',
            owed: [],
          },
        })}
      />,
      { releasesApi: api },
    );

    const alert = await screen.findByRole('alert', { name: 'Break-glass' });
    expect(alert).toHaveTextContent('Active account-takeover attempts');
    expect(alert).toHaveTextContent(/due by Nov 23, 2026/);
    expect(within(alert).getByText('Overdue')).toBeInTheDocument();
    expect(screen.getByText('No decisions yet.')).toBeInTheDocument();
    expect(
      screen.getByText('Only release managers may decide on this release.'),
    ).toBeInTheDocument();
  });

  it('says when no policy applies', async () => {
    const api = fakeReleasesApi();
    await renderWithAlerts(
      <ApprovalsCard
        release={release}
        approvals={makeApprovals({
          status: 'not_required',
          policies: [],
          rules: [],
          decisions: [],
          viewer: { canDecide: false },
        })}
      />,
      { releasesApi: api },
    );

    expect(await screen.findByText('Not required')).toBeInTheDocument();
    expect(
      screen.getByText('No approval policy applies to this release.'),
    ).toBeInTheDocument();
  });

  it('says so when the release came without its approvals', async () => {
    await renderWithAlerts(
      <ApprovalsCard release={release} approvals={null} />,
      { releasesApi: fakeReleasesApi() },
    );

    expect(
      await screen.findByText(
        'The approval status of this release is not available.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });
});
