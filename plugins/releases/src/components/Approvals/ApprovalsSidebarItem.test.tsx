import { act, screen, waitFor } from '@testing-library/react';
import { SidebarPage, Sidebar } from '@backstage/core-components';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { makeInboxItem } from './__testUtils__/fixtures';
import { ApprovalsSidebarItem } from './ApprovalsSidebarItem';
import { announceInboxChanged } from './inboxEvents';

jest.setTimeout(20_000);

function renderItem(
  api: ReturnType<typeof fakeReleasesApi>,
  pollIntervalMs?: number,
) {
  return renderWithApis(
    <SidebarPage>
      <Sidebar>
        <ApprovalsSidebarItem pollIntervalMs={pollIntervalMs} />
      </Sidebar>
    </SidebarPage>,
    { releasesApi: api },
  );
}

describe('ApprovalsSidebarItem', () => {
  it('links to the inbox and shows how many releases wait', async () => {
    const api = fakeReleasesApi({
      getInbox: jest.fn().mockResolvedValue({
        items: [makeInboxItem(), makeInboxItem()],
        totalCount: 3,
      }),
    });
    await renderItem(api);

    const link = await screen.findByRole('link', {
      name: 'Approvals, 3 waiting for your decision',
    });
    expect(link).toHaveAttribute('href', '/releases/approvals');
    expect(link).toHaveTextContent('3');
  });

  it('shows no count when nothing waits, and refreshes after a decision', async () => {
    const api = fakeReleasesApi({
      getInbox: jest
        .fn()
        .mockResolvedValueOnce({ items: [], totalCount: 0 })
        .mockResolvedValue({ items: [makeInboxItem()], totalCount: 1 }),
    });
    await renderItem(api);

    const link = await screen.findByRole('link', { name: 'Approvals' });
    await waitFor(() => expect(api.getInbox).toHaveBeenCalledTimes(1));
    expect(link).not.toHaveTextContent(/\d/);

    act(() => announceInboxChanged());

    expect(
      await screen.findByRole('link', {
        name: 'Approvals, 1 waiting for your decision',
      }),
    ).toBeInTheDocument();
  });

  it('asks again on every poll', async () => {
    const api = fakeReleasesApi();
    await renderItem(api, 50);

    await waitFor(() =>
      expect(api.getInbox.mock.calls.length).toBeGreaterThanOrEqual(3),
    );
  });
});
