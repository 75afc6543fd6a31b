import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  fakeReleasesApi,
  makeRelease,
  pageOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleasesPage } from './ReleasesPage';

const releases = [
  makeRelease({ id: 'r1', title: 'Ledger 5.0', type: 'major', phase: 'build' }),
  makeRelease({
    id: 'r2',
    title: 'Checkout fix',
    type: 'emergency',
    phase: 'deploy',
  }),
];

function renderPage(path: string, api = fakeReleasesApi()) {
  return renderWithApis(
    <Routes>
      <Route path="/releases/*" element={<ReleasesPage />} />
    </Routes>,
    { releasesApi: api, routeEntries: [path] },
  );
}

describe('ReleasesPage', () => {
  it('lists releases filtered by the query string', async () => {
    const api = fakeReleasesApi({
      listReleases: jest.fn().mockResolvedValue({
        ...pageOf(releases),
        totalCount: 2,
      }),
    });
    await renderPage('/releases?type=major&phase=open&q=ledger', api);

    expect(await screen.findByText('Ledger 5.0')).toBeInTheDocument();
    expect(screen.getByText('Checkout fix')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Releases' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Type')).toHaveValue('major');
    expect(screen.getByLabelText('Phase')).toHaveValue('open');
    expect(screen.getByLabelText('Search')).toHaveValue('ledger');
    expect(api.listReleases).toHaveBeenCalledWith({
      type: ['major'],
      phase: ['plan', 'design', 'build', 'test', 'deploy', 'review'],
      q: 'ledger',
      limit: 20,
      offset: 0,
    });
  });

  it('asks again when a filter changes', async () => {
    const api = fakeReleasesApi({
      listReleases: jest.fn().mockResolvedValue(pageOf(releases)),
    });
    await renderPage('/releases', api);
    await screen.findByText('Ledger 5.0');

    fireEvent.change(screen.getByLabelText('Phase'), {
      target: { value: 'deploy' },
    });

    await waitFor(() =>
      expect(api.listReleases).toHaveBeenLastCalledWith(
        expect.objectContaining({ phase: ['deploy'] }),
      ),
    );
    expect(screen.getByLabelText('Phase')).toHaveValue('deploy');
  });

  it('says so when nothing matches', async () => {
    const api = fakeReleasesApi({
      listReleases: jest.fn().mockResolvedValue(pageOf([])),
    });
    await renderPage('/releases?q=nothing', api);

    expect(
      await screen.findByText('No releases match these filters.'),
    ).toBeInTheDocument();
  });

  it('shows why the releases could not be loaded', async () => {
    const api = fakeReleasesApi({
      listReleases: jest
        .fn()
        .mockRejectedValue(new Error('q: must be at most 200 characters')),
    });
    await renderPage('/releases', api);

    expect(
      await screen.findByText('Error: q: must be at most 200 characters'),
    ).toBeInTheDocument();
  });

  it('opens a release from its row', async () => {
    const api = fakeReleasesApi({
      listReleases: jest.fn().mockResolvedValue(pageOf(releases)),
      getRelease: jest.fn().mockResolvedValue(releases[1]),
    });
    await renderPage('/releases', api);

    await screen.findByText('Checkout fix');
    const chipInRow = screen
      .getAllByText('Emergency')
      .find(element => element.closest('tr'));
    await userEvent.click(chipInRow!);

    await waitFor(() => expect(api.getRelease).toHaveBeenCalledWith('r2'));
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Checkout fix', level: 1 },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    // The way back: the header's breadcrumb and the Releases link.
    for (const link of screen.getAllByRole('link', { name: 'Releases' })) {
      expect(link).toHaveAttribute('href', '/releases');
    }
  });

  it('shows one release at /releases/:releaseId', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue(releases[0]),
    });
    await renderPage('/releases/r1', api);

    expect(
      await screen.findByRole('heading', { name: 'Ledger 5.0' }),
    ).toBeInTheDocument();
    expect(api.getRelease).toHaveBeenCalledWith('r1');
    expect(
      screen.getByRole('button', { name: 'Move to Test' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Back to Design' }),
    ).toBeInTheDocument();
  });
});
