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

jest.setTimeout(20_000);

const major = makeInboxItem();
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

async function forbidden(message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('ApprovalsPage', () => {
  it('lists what waits for the user, with the rules that need them', async () => {
    const api = fakeReleasesApi({
      getInbox: jest
        .fn()
        .mockResolvedValue({ items: [hotfix, major], totalCount: 2 }),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });

    expect(
      await screen.findByRole('link', { name: 'Payments API 2.5' }),
    ).toHaveAttribute('href', '/releases/rel-1');
    expect(
      screen.getByRole('heading', { name: 'Approvals' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Policies' })).toHaveAttribute(
      'href',
      '/releases/policies',
    );

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
      within(first).getByText(
        'emergency: 0 of 1 from group:default/release-managers',
      ),
    ).toBeInTheDocument();
    expect(
      within(first).getByRole('link', { name: 'platform-team' }),
    ).toBeInTheDocument();

    const second = screen.getByRole('listitem', { name: 'Payments API 2.5' });
    expect(
      within(second).getByText('cab-for-major: 1 of 2 from group:default/cab'),
    ).toBeInTheDocument();
    expect(within(second).getByText('Major')).toBeInTheDocument();
    expect(within(second).getByText('Test')).toBeInTheDocument();
    expect(within(second).queryByText('Overdue review')).toBeNull();
    expect(within(second).getByText(/Dec 1, 2026/)).toBeInTheDocument();
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
      within(dialog).getByText('cab-for-major: 1 of 2 from group:default/cab'),
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

  it('shows a failing inbox as an error', async () => {
    const api = fakeReleasesApi({
      getInbox: jest.fn().mockRejectedValue(new Error('inbox is down')),
    });
    await renderWithAlerts(<ApprovalsPage />, { releasesApi: api });

    expect(await screen.findByRole('alert')).toHaveTextContent('inbox is down');
  });
});
