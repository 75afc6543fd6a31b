import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import {
  makeApprovals,
  makeDecision,
  makeRule,
} from './__testUtils__/fixtures';
import { ApprovalsCard } from './ApprovalsCard';
import { renderWithAlerts } from './__testUtils__/render';

jest.setTimeout(20_000);

const release = makeRelease({
  id: 'rel-1',
  title: 'Payments API 2.5',
  type: 'major',
  phase: 'test',
  approvalRound: 2,
});

describe('ApprovalsCard', () => {
  it('shows the status, each rule with its progress and every decision', async () => {
    const api = fakeReleasesApi({
      getApprovals: jest.fn().mockResolvedValue(
        makeApprovals({
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
        }),
      ),
    });
    await renderWithAlerts(<ApprovalsCard release={release} />, {
      releasesApi: api,
    });

    expect(
      await screen.findByRole('status', { name: 'Approval status' }),
    ).toHaveTextContent('Pending');
    expect(api.getApprovals).toHaveBeenCalledWith('rel-1');

    const rules = screen.getByRole('list', { name: 'Approval rules' });
    expect(
      within(rules).getByRole('progressbar', {
        name: 'cab-for-major — 1 of 2 from group:default/cab',
      }),
    ).toHaveAttribute('aria-valuenow', '50');
    expect(
      within(rules).getByRole('progressbar', {
        name: 'cab-for-major — 1 of 1 from group:default/payments-team (owner)',
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
    expect(rows[2]).toHaveTextContent('payments-team');
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

  it('lets an eligible viewer approve and shows the new state', async () => {
    const onDecided = jest.fn();
    const api = fakeReleasesApi({
      getApprovals: jest
        .fn()
        .mockResolvedValueOnce(makeApprovals({ round: 2 }))
        .mockResolvedValue(
          makeApprovals({
            round: 2,
            status: 'approved',
            rules: [makeRule({ given: 2, state: 'satisfied' })],
            viewer: { canDecide: true },
          }),
        ),
      decide: jest.fn().mockResolvedValue({
        decision: makeDecision({ approver: 'user:default/guest' }),
        approvals: makeApprovals({ status: 'approved' }),
      }),
    });
    const { alertApi } = await renderWithAlerts(
      <ApprovalsCard release={release} onDecided={onDecided} />,
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
    await waitFor(() =>
      expect(
        screen.getByRole('status', { name: 'Approval status' }),
      ).toHaveTextContent('Approved'),
    );
    expect(onDecided).toHaveBeenCalled();
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Approved "Payments API 2.5"' }),
    );
  });

  it('warns about a break-glass deploy whose review is overdue', async () => {
    const api = fakeReleasesApi({
      getApprovals: jest.fn().mockResolvedValue(
        makeApprovals({
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
            reason:
              'only members of group:default/release-managers may decide on this release',
          },
        }),
      ),
    });
    await renderWithAlerts(
      <ApprovalsCard
        release={makeRelease({
          type: 'emergency',
          phase: 'review',
          breakGlass: {
            at: '2026-11-20T17:00:00Z',
            reason: 'Active account-takeover attempts',
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
      screen.getByText(
        'Only members of group:default/release-managers may decide on this release.',
      ),
    ).toBeInTheDocument();
  });

  it('says when no policy applies', async () => {
    const api = fakeReleasesApi();
    await renderWithAlerts(<ApprovalsCard release={release} />, {
      releasesApi: api,
    });

    expect(await screen.findByText('Not required')).toBeInTheDocument();
    expect(
      screen.getByText('No approval policy applies to this release.'),
    ).toBeInTheDocument();
  });
});
