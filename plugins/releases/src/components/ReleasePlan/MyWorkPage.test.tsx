import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MyWorkItem } from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi, pageOf } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { MyWorkPage } from './MyWorkPage';

function item(overrides: {
  id: string;
  title: string;
  status?: MyWorkItem['task']['status'];
  dueAt?: string | null;
}): MyWorkItem {
  return {
    task: {
      id: overrides.id,
      releaseId: 'rel-7',
      title: overrides.title,
      phase: 'test',
      assignee: 'group:default/payments-team',
      dueAt:
        overrides.dueAt === undefined
          ? '2026-12-03T09:00:00Z'
          : overrides.dueAt,
      status: overrides.status ?? 'open',
      skipReason: null,
      evidence: [],
      template: null,
      createdBy: 'user:default/alice',
      createdAt: '2026-11-20T10:00:00Z',
      updatedBy: 'user:default/alice',
      updatedAt: '2026-11-20T10:00:00Z',
      completedBy: null,
      completedAt: null,
      revision: 1,
    },
    release: {
      id: 'rel-7',
      title: 'Checkout 3.0',
      type: 'major',
      phase: 'build',
      owner: 'group:default/payments-team',
      plannedStart: '2026-12-05T09:00:00Z',
      plannedEnd: '2026-12-05T17:00:00Z',
    },
  };
}

describe('MyWorkPage', () => {
  it('lists my tasks with their release, phase, due date and status', async () => {
    const api = fakeReleasesApi({
      getMyWork: jest
        .fn()
        .mockResolvedValue(
          pageOf([
            item({ id: 't-1', title: 'UAT signed off', status: 'in_progress' }),
            item({ id: 't-2', title: 'Runbook updated', dueAt: null }),
          ]),
        ),
    });
    await renderWithApis(<MyWorkPage />, { releasesApi: api });

    const table = await screen.findByRole('table', { name: 'My tasks' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('UAT signed off')).toBeInTheDocument();
    expect(
      within(rows[0]).getByRole('link', { name: 'Checkout 3.0' }),
    ).toHaveAttribute('href', '/releases/rel-7');
    expect(
      within(rows[0]).getByText('Major · now in Build'),
    ).toBeInTheDocument();
    expect(within(rows[0]).getByText('Test')).toBeInTheDocument();
    expect(within(rows[0]).getByText('Payments Team')).toBeInTheDocument();
    expect(within(rows[0]).getByText('In progress')).toBeInTheDocument();
    expect(within(rows[0]).getByText(/Dec 3, 2026/)).toBeInTheDocument();
    expect(within(rows[1]).getByText('—')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Open')).toBeInTheDocument();
    expect(api.getMyWork).toHaveBeenCalledWith({ limit: 100 });
    expect(table.textContent).not.toMatch(/group:default|in_progress/);
  });

  it('asks for finished tasks too when told, and says when nothing is assigned', async () => {
    const api = fakeReleasesApi({
      getMyWork: jest
        .fn()
        .mockResolvedValueOnce(pageOf([]))
        .mockResolvedValue(
          pageOf([
            item({ id: 't-3', title: 'Rollback plan written', status: 'done' }),
          ]),
        ),
    });
    await renderWithApis(<MyWorkPage />, { releasesApi: api });

    expect(
      await screen.findByText('Nothing assigned to you'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show done and skipped tasks' }),
    );
    await waitFor(() =>
      expect(api.getMyWork).toHaveBeenLastCalledWith({
        limit: 100,
        status: ['open', 'in_progress', 'done', 'skipped'],
      }),
    );
    const table = await screen.findByRole('table', { name: 'My tasks' });
    expect(
      within(table).getByText('Rollback plan written'),
    ).toBeInTheDocument();
    expect(within(table).getByText('Done')).toBeInTheDocument();
  });

  it('is linked from the releases pages', async () => {
    await renderWithApis(<MyWorkPage />, { releasesApi: fakeReleasesApi() });
    const nav = await screen.findByRole('navigation', {
      name: 'Releases pages',
    });
    const link = within(nav).getByRole('link', { name: 'My work' });
    expect(link).toHaveAttribute('href', '/releases/my-work');
  });
});
