import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FeedToken } from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { FeedTokensDialog } from './FeedTokensDialog';
import { scopedFeedUrl } from './feedUrl';
import { SubscribeButton } from './SubscribeButton';

const laptop: FeedToken = {
  id: 't-1',
  name: 'Work laptop',
  createdAt: '2026-11-02T08:00:00Z',
  lastUsedAt: '2026-11-20T07:30:00Z',
  revokedAt: null,
};
const old: FeedToken = {
  id: 't-0',
  name: 'Old phone',
  createdAt: '2026-10-01T08:00:00Z',
  lastUsedAt: null,
  revokedAt: '2026-10-15T12:00:00Z',
};

describe('FeedTokensDialog', () => {
  it('creates a feed URL for the scope and shows it only once', async () => {
    const created = {
      id: 't-2',
      name: 'Team calendar',
      createdAt: '2026-11-25T10:00:00Z',
      lastUsedAt: null,
      revokedAt: null,
      token: 's3cr3t',
      url: 'http://localhost:7007/api/releases/calendar.ics?token=s3cr3t',
    };
    const listFeedTokens = jest
      .fn()
      .mockResolvedValueOnce({ items: [laptop] })
      .mockResolvedValue({
        items: [laptop, { ...created, token: undefined, url: undefined }],
      });
    const api = fakeReleasesApi({
      listFeedTokens,
      createFeedToken: jest.fn().mockResolvedValue(created),
    });
    await renderWithApis(
      <SubscribeButton scope={{ system: 'system:default/payments' }} />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Subscribe in your calendar app',
    });
    expect(dialog).toHaveTextContent('releases of the components of payments');
    expect(await within(dialog).findByText('Work laptop')).toBeInTheDocument();

    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Team calendar');
    await user.click(
      within(dialog).getByRole('button', { name: 'Create feed URL' }),
    );

    expect(
      await within(dialog).findByText(
        'Copy this URL now; it will not be shown again.',
      ),
    ).toBeInTheDocument();
    expect(api.createFeedToken).toHaveBeenCalledWith('Team calendar');
    expect(within(dialog).getByLabelText('Feed URL')).toHaveValue(
      'http://localhost:7007/api/releases/calendar.ics?system=system%3Adefault%2Fpayments&token=s3cr3t',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Copy to clipboard' }),
    ).toBeInTheDocument();
    // The list is read again and now holds the new token, without its secret.
    expect(
      await within(dialog).findByRole('cell', { name: 'Team calendar' }),
    ).toBeInTheDocument();
    expect(listFeedTokens).toHaveBeenCalledTimes(2);

    // Closed and opened again, the secret URL is gone.
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Subscribe' }));
    const reopened = await screen.findByRole('dialog');
    expect(
      await within(reopened).findByRole('cell', { name: 'Team calendar' }),
    ).toBeInTheDocument();
    expect(within(reopened).queryByLabelText('Feed URL')).toBeNull();
    expect(reopened).not.toHaveTextContent('s3cr3t');
  });

  it('lists tokens with their use and revokes a live one', async () => {
    const listFeedTokens = jest
      .fn()
      .mockResolvedValueOnce({ items: [old, laptop] })
      .mockResolvedValue({
        items: [old, { ...laptop, revokedAt: '2026-11-26T09:00:00Z' }],
      });
    const api = fakeReleasesApi({ listFeedTokens });
    await renderWithApis(<FeedTokensDialog open onClose={jest.fn()} />, {
      releasesApi: api,
    });
    const user = userEvent.setup();

    const table = await screen.findByRole('table', {
      name: 'Your calendar feeds',
    });
    const rows = within(table).getAllByRole('row');
    // Live tokens come first.
    expect(rows[1]).toHaveTextContent('Work laptop');
    expect(rows[1]).toHaveTextContent('Active');
    expect(rows[2]).toHaveTextContent('Old phone');
    expect(rows[2]).toHaveTextContent('Never');
    expect(rows[2]).toHaveTextContent(/Revoked Oct 15, 2026/);
    expect(
      within(rows[2]).queryByRole('button', { name: /Revoke/ }),
    ).toBeNull();
    expect(screen.getByRole('dialog')).toHaveTextContent('all releases');

    await user.click(
      within(rows[1]).getByRole('button', { name: 'Revoke Work laptop' }),
    );

    expect(api.revokeFeedToken).toHaveBeenCalledWith('t-1');
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Revoke Work laptop' }),
      ).toBeNull(),
    );
    expect(screen.getAllByText(/^Revoked /)).toHaveLength(2);
  });

  it('says when there are no tokens and why creating one failed', async () => {
    const api = fakeReleasesApi({
      createFeedToken: jest
        .fn()
        .mockRejectedValue(new Error('name: must be at most 100 characters')),
    });
    await renderWithApis(<FeedTokensDialog open onClose={jest.fn()} />, {
      releasesApi: api,
    });
    const user = userEvent.setup();

    expect(
      await screen.findByText('You have no calendar feeds yet.'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create feed URL' }));

    expect(
      await screen.findByText('name: must be at most 100 characters'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Feed URL')).toBeNull();
  });
});

describe('scopedFeedUrl', () => {
  it('puts the scope before the token and keeps URLs without one as they are', () => {
    expect(
      scopedFeedUrl('https://portal/api/releases/calendar.ics?token=abc', {
        entityRef: 'component:default/payments-api',
      }),
    ).toBe(
      'https://portal/api/releases/calendar.ics?entityRef=component%3Adefault%2Fpayments-api&token=abc',
    );
    expect(
      scopedFeedUrl('https://portal/api/releases/calendar.ics?token=abc'),
    ).toBe('https://portal/api/releases/calendar.ics?token=abc');
  });
});
