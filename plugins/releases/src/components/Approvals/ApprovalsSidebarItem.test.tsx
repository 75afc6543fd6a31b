import { screen, waitFor } from '@testing-library/react';
import { SidebarPage, Sidebar } from '@backstage/core-components';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { fakeSignalApi } from '../../__testUtils__/signals';
import { makeInboxItem } from './__testUtils__/fixtures';
import { ApprovalsSidebarItem } from './ApprovalsSidebarItem';

function renderItem(
  api: ReturnType<typeof fakeReleasesApi>,
  options: {
    pollIntervalMs?: number;
    signalApi?: ReturnType<typeof fakeSignalApi>;
  } = {},
) {
  return renderWithApis(
    <SidebarPage>
      <Sidebar>
        <ApprovalsSidebarItem pollIntervalMs={options.pollIntervalMs} />
      </Sidebar>
    </SidebarPage>,
    { releasesApi: api, signalApi: options.signalApi },
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

  it('shows no count when nothing waits, and updates when the backend signals a change', async () => {
    const signalApi = fakeSignalApi();
    const api = fakeReleasesApi({
      getInbox: jest
        .fn()
        .mockResolvedValueOnce({ items: [], totalCount: 0 })
        .mockResolvedValue({ items: [makeInboxItem()], totalCount: 1 }),
    });
    await renderItem(api, { signalApi, pollIntervalMs: 50 });

    const link = await screen.findByRole('link', { name: 'Approvals' });
    await waitFor(() => expect(api.getInbox).toHaveBeenCalledTimes(1));
    expect(link).not.toHaveTextContent(/\d/);
    expect(signalApi.channels()).toContain('releases:approvals');

    signalApi.publish('releases:approvals');

    expect(
      await screen.findByRole('link', {
        name: 'Approvals, 1 waiting for your decision',
      }),
    ).toBeInTheDocument();
    // With signals there is no polling.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(api.getInbox).toHaveBeenCalledTimes(2);
  });

  it('polls when the app has no signals', async () => {
    const api = fakeReleasesApi();
    await renderItem(api, { pollIntervalMs: 50 });

    await waitFor(() =>
      expect(api.getInbox.mock.calls.length).toBeGreaterThanOrEqual(3),
    );
  });
});
