import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DateTime } from 'luxon';
import { ResponseError } from '@backstage/errors';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import {
  ReleaseExitCriteria,
  ReleaseRole,
  ReleaseSignoffs,
  ReleaseTask,
} from '@backstage-itsm/plugin-releases-common';
import {
  catalogEntities,
  fakeCatalogApi,
  fakeReleasesApi,
  makeNotes,
  makeRelease,
  pageOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleaseDetails } from '../../api';
import { ReleasePlanSection } from './ReleasePlanSection';

const users: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'quinn', namespace: 'default', title: 'Quinn Tester' },
    spec: { memberOf: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default', title: 'Alice Planner' },
    spec: { memberOf: [] },
  },
];

const roles: ReleaseRole[] = [
  {
    id: 'release-manager',
    title: 'Release manager',
    requiredToLeavePlan: false,
    holder: 'user:default/alice',
    assignedBy: 'user:default/alice',
    assignedAt: '2026-11-20T10:00:00Z',
  },
  {
    id: 'qa-lead',
    title: 'QA lead',
    requiredToLeavePlan: false,
    holder: 'user:default/quinn',
    assignedBy: 'user:default/alice',
    assignedAt: '2026-11-20T10:00:00Z',
  },
];

const exitCriteria: ReleaseExitCriteria = {
  phase: 'test',
  next: 'deploy',
  met: false,
  criteria: [
    {
      id: 'tasks',
      kind: 'tasks',
      label: 'Tasks of Test done or skipped',
      met: true,
      detail: 'all 2 done or skipped',
    },
    {
      id: 'signoff:QA',
      kind: 'signoff',
      label: 'QA signed off',
      met: false,
      detail: 'not signed off in this round yet; user:default/quinn signs it',
    },
  ],
};

function makeTask(overrides: Partial<ReleaseTask> = {}): ReleaseTask {
  return {
    id: 'task-1',
    releaseId: 'rel-1',
    title: 'Integration tests green',
    phase: 'test',
    assignee: 'user:default/alice',
    dueAt: '2026-11-29T09:00:00Z',
    status: 'open',
    skipReason: null,
    evidence: [],
    template: 'major',
    createdBy: 'user:default/alice',
    createdAt: '2026-11-20T10:00:00Z',
    updatedBy: 'user:default/alice',
    updatedAt: '2026-11-20T10:00:00Z',
    completedBy: null,
    completedAt: null,
    revision: 3,
    ...overrides,
  };
}

const signoffs: ReleaseSignoffs = {
  releaseId: 'rel-1',
  round: 1,
  required: [
    {
      name: 'QA',
      phase: 'test',
      role: 'qa-lead',
      group: null,
      signoff: null,
      viewer: { canSign: true },
    },
  ],
  items: [],
};

const release: ReleaseDetails = {
  ...makeRelease({ type: 'major', phase: 'test' }),
  roles,
  exitCriteria,
};

function renderPlan(
  api: ReturnType<typeof fakeReleasesApi>,
  onChanged = jest.fn(),
) {
  return renderWithApis(
    <ReleasePlanSection release={release} onChanged={onChanged} />,
    {
      releasesApi: api,
      catalogApi: fakeCatalogApi([...catalogEntities, ...users]),
    },
  );
}

describe('ReleasePlanSection', () => {
  it('shows the exit criteria as a checklist, the roles, tasks by phase and the sign-offs asked for', async () => {
    const api = fakeReleasesApi({
      listTasks: jest.fn().mockResolvedValue({
        items: [
          makeTask(),
          makeTask({
            id: 'task-2',
            title: 'Rollback plan written',
            phase: 'design',
            status: 'done',
            evidence: [{ kind: 'link', url: 'https://docs.example.com/rb' }],
          }),
        ],
      }),
      getSignoffs: jest.fn().mockResolvedValue(signoffs),
    });
    await renderPlan(api);

    const checklist = await screen.findByRole('list', {
      name: 'Exit criteria of Test',
    });
    expect(
      within(checklist).getByText('Tasks of Test done or skipped'),
    ).toBeInTheDocument();
    expect(
      within(checklist).getByText('QA signed off (not met)'),
    ).toBeInTheDocument();
    // Who signs is told by name, never by ref.
    expect(
      await within(checklist).findByText('Waiting for the QA lead'),
    ).toBeInTheDocument();
    expect(screen.getByText('Before Deploy: 1 of 2 met.')).toBeInTheDocument();

    const rolesList = screen.getByRole('list', { name: 'Roles' });
    expect(within(rolesList).getByText('QA lead')).toBeInTheDocument();
    expect(within(rolesList).getByText('Quinn Tester')).toBeInTheDocument();

    const testTasks = await screen.findByRole('table', {
      name: 'Tasks of Test',
    });
    expect(
      within(testTasks).getByText('Integration tests green'),
    ).toBeInTheDocument();
    expect(within(testTasks).getByText('Alice Planner')).toBeInTheDocument();
    const designTasks = screen.getByRole('table', { name: 'Tasks of Design' });
    expect(
      within(designTasks).getByRole('link', { name: 'Evidence' }),
    ).toHaveAttribute('href', 'https://docs.example.com/rb');

    expect(screen.getByRole('button', { name: 'Sign off QA' })).toBeEnabled();
    expect(document.body.textContent).not.toMatch(/user:default|in_progress/);
  });

  it('signs off with a comment and reloads the release', async () => {
    const onChanged = jest.fn();
    const signed = {
      ...signoffs,
      required: [
        {
          ...signoffs.required[0],
          signoff: {
            id: 'so-1',
            releaseId: 'rel-1',
            name: 'QA',
            round: 1,
            signer: 'user:default/quinn',
            onBehalfOf: 'qa-lead',
            comment: 'Regression suite passed',
            signedAt: '2026-11-30T10:00:00Z',
          },
          viewer: { canSign: false, reason: 'already signed off' },
        },
      ],
    };
    const api = fakeReleasesApi({
      getSignoffs: jest
        .fn()
        .mockResolvedValueOnce(signoffs)
        .mockResolvedValue(signed),
      signOff: jest.fn().mockResolvedValue({
        signoff: signed.required[0].signoff,
        signoffs: signed,
      }),
    });
    await renderPlan(api, onChanged);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign off QA' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Sign off QA' });
    await userEvent.type(
      within(dialog).getByLabelText('Comment'),
      'Regression suite passed',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Sign off' }),
    );

    expect(api.signOff).toHaveBeenCalledWith('rel-1', {
      name: 'QA',
      comment: 'Regression suite passed',
    });
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    const asked = await screen.findByRole('list', {
      name: 'Sign-offs asked for',
    });
    expect(await within(asked).findByText(/Signed off by/)).toHaveTextContent(
      /Quinn Tester.*Regression suite passed/,
    );
    expect(screen.queryByRole('button', { name: 'Sign off QA' })).toBeNull();
  });

  it('shows why a sign-off was refused, in the dialog', async () => {
    const api = fakeReleasesApi({
      getSignoffs: jest.fn().mockResolvedValue(signoffs),
      signOff: jest
        .fn()
        .mockRejectedValue(new Error('QA was signed off by someone else')),
    });
    await renderPlan(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign off QA' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Sign off QA' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Sign off' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'QA was signed off by someone else',
    );
  });

  it('adds a task assigned to a person picked from the catalog', async () => {
    const onChanged = jest.fn();
    const api = fakeReleasesApi({
      createTask: jest.fn().mockResolvedValue(makeTask({ id: 'task-9' })),
    });
    await renderPlan(api, onChanged);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Add task' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Add task' });
    await userEvent.type(
      within(dialog).getByLabelText(/Title/),
      'Smoke test in staging',
    );
    await userEvent.type(within(dialog).getByLabelText('Assignee'), 'Quinn');
    await userEvent.click(
      await screen.findByRole('option', { name: /Quinn Tester/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add task' }),
    );

    await waitFor(() =>
      expect(api.createTask).toHaveBeenCalledWith('rel-1', {
        title: 'Smoke test in staging',
        phase: 'test',
        assignee: 'user:default/quinn',
        evidence: [],
      }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks for a reason before skipping a task, and sends the revision it read', async () => {
    const api = fakeReleasesApi({
      listTasks: jest.fn().mockResolvedValue({ items: [makeTask()] }),
      updateTask: jest
        .fn()
        .mockResolvedValue(makeTask({ status: 'skipped', revision: 4 })),
    });
    await renderPlan(api);

    await userEvent.click(
      await screen.findByRole('button', {
        name: /Status of Integration tests green/,
      }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Skipped' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Skip "Integration tests green"',
    });
    const confirm = within(dialog).getByRole('button', { name: 'Skip task' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText('Reason'),
      'Covered by the contract tests',
    );
    await userEvent.click(confirm);

    expect(api.updateTask).toHaveBeenCalledWith('rel-1', 'task-1', {
      revision: 3,
      status: 'skipped',
      skipReason: 'Covered by the contract tests',
    });
  });

  it('says when a task changed meanwhile instead of keeping a stale status', async () => {
    const stale = Object.assign(new Error('task task-1 is at revision 5'), {
      name: 'ResponseError',
      statusCode: 409,
      body: {
        error: {
          name: 'ConflictError',
          message: 'task task-1 is at revision 5',
        },
        response: { statusCode: 409 },
      },
    });
    const listTasks = jest
      .fn()
      .mockResolvedValueOnce({ items: [makeTask()] })
      .mockResolvedValue({
        items: [makeTask({ status: 'in_progress', revision: 5 })],
      });
    const api = fakeReleasesApi({
      listTasks,
      updateTask: jest.fn().mockRejectedValue(stale),
    });
    await renderPlan(api);

    await userEvent.click(
      await screen.findByRole('button', {
        name: /Status of Integration tests green/,
      }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'Done' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Someone changed this task meanwhile/,
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', {
          name: /Status of Integration tests green/,
        }),
      ).toHaveTextContent('In progress'),
    );
  });

  it('plans the milestones of the phases and shows what the server says is wrong', async () => {
    const milestone = {
      releaseId: 'rel-1',
      phase: 'test' as const,
      plannedEnd: '2026-12-10T09:00:00.000Z',
      bufferDays: 1,
      bufferEnd: '2026-12-11T09:00:00.000Z',
      state: 'late' as const,
      updatedBy: 'user:default/alice',
      updatedAt: '2026-11-20T10:00:00Z',
    };
    const api = fakeReleasesApi({
      listMilestones: jest.fn().mockResolvedValue({ items: [milestone] }),
      setMilestones: jest
        .fn()
        .mockRejectedValueOnce(
          await ResponseError.fromResponse(
            new Response(
              JSON.stringify({
                error: {
                  name: 'InputError',
                  message: 'milestones.1.bufferDays: must be at most 90',
                  fields: [
                    {
                      field: 'milestones.1.bufferDays',
                      message: 'must be at most 90',
                    },
                  ],
                },
                response: { statusCode: 400 },
              }),
              { status: 400, headers: { 'Content-Type': 'application/json' } },
            ),
          ),
        )
        .mockResolvedValue({ items: [milestone] }),
    });
    const onChanged = jest.fn();
    await renderPlan(api, onChanged);

    expect(
      await screen.findByText(/Milestone: ends .* · Late/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Edit milestones' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit milestones',
    });
    const testEnd = within(dialog).getByLabelText('Test ends');
    expect(testEnd).toHaveValue(
      DateTime.fromISO(milestone.plannedEnd).toFormat("yyyy-MM-dd'T'HH:mm"),
    );
    fireEvent.change(within(dialog).getByLabelText('Deploy ends'), {
      target: { value: '2026-12-12T18:00' },
    });
    const deployBuffer = within(dialog).getByLabelText('Deploy buffer (days)');
    await userEvent.clear(deployBuffer);
    await userEvent.type(deployBuffer, '120');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save milestones' }),
    );

    // The field the server names is marked; the dialog stays open.
    expect(
      await within(dialog).findByText('must be at most 90'),
    ).toBeInTheDocument();
    await userEvent.clear(deployBuffer);
    await userEvent.type(deployBuffer, '2');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save milestones' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.setMilestones).toHaveBeenLastCalledWith('rel-1', {
      milestones: [
        { phase: 'test', plannedEnd: '2026-12-10T09:00:00Z', bufferDays: 1 },
        {
          phase: 'deploy',
          plannedEnd: DateTime.fromISO('2026-12-12T18:00', { zone: 'local' })
            .toUTC()
            .toISO({ suppressMilliseconds: true }),
          bufferDays: 2,
        },
      ],
    });
    expect(onChanged).toHaveBeenCalled();
  });

  it('watches and stops watching the release', async () => {
    const watch = {
      id: 'w-1',
      watcher: 'user:default/test',
      target: {
        kind: 'release' as const,
        releaseId: 'rel-1',
        title: 'Payments 2.4',
      },
      createdBy: 'user:default/test',
      createdAt: '2026-11-30T10:00:00Z',
    };
    const api = fakeReleasesApi({
      listWatches: jest
        .fn()
        .mockResolvedValueOnce(pageOf([]))
        .mockResolvedValueOnce(pageOf([watch]))
        .mockResolvedValue(pageOf([])),
      watch: jest.fn().mockResolvedValue(watch),
    });
    await renderPlan(api);

    await userEvent.click(await screen.findByRole('button', { name: 'Watch' }));
    expect(api.watch).toHaveBeenCalledWith({ releaseId: 'rel-1' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Stop watching' }),
    );
    expect(api.unwatch).toHaveBeenCalledWith('w-1');
    expect(await screen.findByRole('button', { name: 'Watch' })).toBeEnabled();
  });

  it('posts a status update and shows the timeline with its health', async () => {
    const update = {
      id: 'u-1',
      releaseId: 'rel-1',
      author: 'user:default/alice',
      health: 'at_risk' as const,
      text: 'UAT slipped by a day',
      postedAt: '2026-11-30T10:00:00Z',
    };
    const api = fakeReleasesApi({
      listStatusUpdates: jest
        .fn()
        .mockResolvedValueOnce(pageOf([]))
        .mockResolvedValue(pageOf([update])),
      postStatusUpdate: jest.fn().mockResolvedValue(update),
    });
    await renderPlan(api);

    expect(
      await screen.findByText('No status updates yet.'),
    ).toBeInTheDocument();
    await userEvent.type(
      screen.getByLabelText('Status update'),
      'UAT slipped by a day',
    );
    await userEvent.click(screen.getByRole('button', { name: /Health/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'At risk' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Post update' }));

    expect(api.postStatusUpdate).toHaveBeenCalledWith('rel-1', {
      text: 'UAT slipped by a day',
      health: 'at_risk',
    });
    const timeline = await screen.findByRole('list', {
      name: 'Status updates',
    });
    expect(
      within(timeline).getByText('UAT slipped by a day'),
    ).toBeInTheDocument();
    expect(within(timeline).getByText('At risk')).toBeInTheDocument();
    expect(within(timeline).getByText(/Alice Planner/)).toBeInTheDocument();
    expect(screen.getByLabelText('Status update')).toHaveValue('');
  });

  it('renders the release notes, edits them with the revision read, and downloads Markdown', async () => {
    const api = fakeReleasesApi({
      getReleaseNotes: jest.fn().mockResolvedValue(
        makeNotes({
          components: [
            {
              entityRef: 'component:default/payments-api',
              version: '2.4.0',
              fromVersions: { production: '2.3.1' },
            },
          ],
          tasks: [
            {
              title: 'Runbook updated',
              phase: 'deploy',
              status: 'skipped',
              assignee: 'group:default/payments-team',
              skipReason: 'No operational change',
              evidence: [],
            },
          ],
          edited: {
            mode: 'extend',
            text: 'Customers see the **new checkout**.',
            updatedBy: 'user:default/alice',
            updatedAt: '2026-11-30T10:00:00Z',
          },
          markdown:
            '# Release notes: Payments 2.4\n\n- component:default/payments-api 2.4.0',
          revision: 2,
        }),
      ),
      updateReleaseNotes: jest.fn().mockResolvedValue(makeNotes()),
      downloadReleaseNotes: jest.fn().mockResolvedValue({
        blob: new Blob(['# notes']),
        filename: 'payments-2.4.md',
      }),
    });
    const createObjectURL = jest.fn().mockReturnValue('blob:notes');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderPlan(api);

    const components = await screen.findByRole('region', {
      name: 'Components',
    });
    expect(components).toHaveTextContent(
      'Payments API 2.4.0, from 2.3.1 in production',
    );
    expect(screen.getByRole('region', { name: 'Tasks' })).toHaveTextContent(
      'Runbook updated (Deploy): Skipped, Payments Team; skipped because No operational change',
    );
    expect(screen.getByText('new checkout')).toBeInTheDocument();
    expect(screen.getByText(/Written by/)).toHaveTextContent('Alice Planner');
    // Refs are for the Markdown download, not for people.
    expect(document.body.textContent).not.toMatch(
      /component:default|group:default/,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Edit notes' }));
    const editor = screen.getByLabelText('Notes (Markdown)');
    expect(editor).toHaveValue('Customers see the **new checkout**.');
    await userEvent.clear(editor);
    await userEvent.type(editor, 'Customers see the new checkout.');
    await userEvent.click(screen.getByRole('button', { name: 'Save notes' }));
    expect(api.updateReleaseNotes).toHaveBeenCalledWith('rel-1', {
      mode: 'extend',
      text: 'Customers see the new checkout.',
      revision: 2,
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Download Markdown' }),
    );
    await waitFor(() =>
      expect(api.downloadReleaseNotes).toHaveBeenCalledWith('rel-1'),
    );
    expect(createObjectURL).toHaveBeenCalled();
  });
});
