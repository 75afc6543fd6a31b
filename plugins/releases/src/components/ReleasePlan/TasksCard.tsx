import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import EventIcon from '@material-ui/icons/Event';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  isOpenPhase,
  OPEN_PHASES,
  Release,
  ReleaseTask,
  TASK_STATUSES,
  TaskStatus,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { EntityName } from '../shared/EntityName';
import { errorMessage, staleRevisionOf } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { useLabels } from '../shared/labels';
import { ReasonDialog } from '../shared/ReasonDialog';
import { milestoneStateLabel, taskStatusLabel } from './planLabels';
import { MilestonesDialog } from './MilestonesDialog';
import { TaskDialog, TaskInput } from './TaskDialog';
import { useMilestones, useReleaseTasks } from './usePlan';

export interface TasksCardProps {
  release: Release;
  /** A task changed: exit criteria may have, too. */
  onChanged: () => void;
}

function Evidence(props: { task: ReleaseTask }) {
  const { task } = props;
  if (task.evidence.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexWrap="wrap" gridGap={8}>
      {task.evidence.map((evidence, index) =>
        evidence.kind === 'deployment' ? (
          <Typography key={index} variant="caption">
            A recorded deployment
          </Typography>
        ) : (
          <Link
            key={index}
            href={evidence.url}
            target="_blank"
            rel="noopener noreferrer"
            variant="caption"
          >
            {evidence.kind === 'ci_run' ? 'CI run' : 'Evidence'}
          </Link>
        ),
      )}
    </Box>
  );
}

/** A release's tasks by phase: who does what by when, and how far it got. */
export function TasksCard(props: TasksCardProps) {
  const { release, onChanged } = props;
  const releasesApi = useApi(releasesApiRef);
  const labels = useLabels();
  const tasks = useReleaseTasks(release.id);
  const milestones = useMilestones(release.id);
  const [editing, setEditing] = useState<ReleaseTask | 'new'>();
  const [skipping, setSkipping] = useState<ReleaseTask>();
  const [planning, setPlanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const editable = isOpenPhase(release.phase);

  const afterChange = () => {
    tasks.retry();
    onChanged();
  };

  const failed = (e: unknown) => {
    const stale = staleRevisionOf(e);
    setError(
      stale
        ? 'Someone changed this task meanwhile; the list now shows it as it is. Try again.'
        : errorMessage(e),
    );
    tasks.retry();
  };

  const save = async (input: TaskInput) => {
    if (editing === 'new') {
      await releasesApi.createTask(release.id, {
        title: input.title,
        phase: input.phase,
        ...(input.assignee && { assignee: input.assignee }),
        ...(input.dueAt && { dueAt: input.dueAt }),
        evidence: input.evidence,
      });
    } else if (editing) {
      await releasesApi.updateTask(release.id, editing.id, {
        revision: editing.revision,
        ...input,
      });
    }
    setEditing(undefined);
    setError(undefined);
    afterChange();
  };

  const setStatus = async (
    task: ReleaseTask,
    status: TaskStatus,
    skipReason?: string,
  ) => {
    setBusy(true);
    setError(undefined);
    try {
      await releasesApi.updateTask(release.id, task.id, {
        revision: task.revision,
        status,
        skipReason: status === 'skipped' ? skipReason : null,
      });
      setSkipping(undefined);
      afterChange();
    } catch (e) {
      failed(e);
      setSkipping(undefined);
    } finally {
      setBusy(false);
    }
  };

  const items = tasks.value?.items ?? [];
  const milestoneItems = milestones.value?.items ?? [];
  const phases = OPEN_PHASES.filter(
    phase =>
      items.some(task => task.phase === phase) ||
      milestoneItems.some(m => m.phase === phase),
  );
  const defaultPhase = isOpenPhase(release.phase) ? release.phase : 'plan';

  return (
    <InfoCard
      title="Tasks and milestones"
      titleTypographyProps={{ component: 'h3' }}
      action={
        editable ? (
          <Box display="flex" gridGap={8}>
            <Button
              startIcon={<EventIcon />}
              onClick={() => setPlanning(true)}
              disabled={!milestones.value}
            >
              Edit milestones
            </Button>
            <Button
              startIcon={<AddIcon />}
              color="primary"
              onClick={() => setEditing('new')}
            >
              Add task
            </Button>
          </Box>
        ) : undefined
      }
    >
      {error && (
        <Alert severity="error" onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
      {tasks.error && (
        <Alert severity="error">
          {`The tasks could not be loaded: ${errorMessage(tasks.error)}`}
        </Alert>
      )}
      {tasks.loading && !tasks.value && <Progress />}
      {tasks.value && items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No tasks yet.
        </Typography>
      )}
      {milestones.error && (
        <Alert severity="error">
          {`The milestones could not be loaded: ${errorMessage(
            milestones.error,
          )}`}
        </Alert>
      )}
      {phases.map(phase => (
        <Box key={phase} mb={2}>
          <Typography variant="subtitle2" component="h4">
            {labels.phase(phase)}
            {phase === release.phase ? ' (current phase)' : ''}
          </Typography>
          {milestoneItems
            .filter(m => m.phase === phase)
            .map(m => (
              <Typography key={m.phase} variant="body2" color="textSecondary">
                {`Milestone: ends ${formatDateTime(m.plannedEnd)}${
                  m.bufferDays > 0
                    ? `, late after ${formatDateTime(m.bufferEnd)}`
                    : ''
                } · ${milestoneStateLabel(m.state)}`}
              </Typography>
            ))}
          {items.some(task => task.phase === phase) && (
            <Table size="small" aria-label={`Tasks of ${labels.phase(phase)}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Task</TableCell>
                  <TableCell>Assignee</TableCell>
                  <TableCell>Due</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {items
                  .filter(task => task.phase === phase)
                  .map(task => (
                    <TableRow key={task.id}>
                      <TableCell>
                        <Typography variant="body2">{task.title}</Typography>
                        {task.status === 'skipped' && task.skipReason && (
                          <Typography variant="caption" color="textSecondary">
                            {`Skipped: ${task.skipReason}`}
                          </Typography>
                        )}
                        <Evidence task={task} />
                      </TableCell>
                      <TableCell>
                        {task.assignee ? (
                          <EntityName
                            entityRef={task.assignee}
                            defaultKind="user"
                          />
                        ) : (
                          'Unassigned'
                        )}
                      </TableCell>
                      <TableCell>{formatDateTime(task.dueAt)}</TableCell>
                      <TableCell>
                        {editable ? (
                          <TextField
                            select
                            size="small"
                            value={task.status}
                            disabled={busy}
                            inputProps={{
                              'aria-label': `Status of ${task.title}`,
                            }}
                            onChange={e => {
                              const status = e.target.value as TaskStatus;
                              if (status === 'skipped') {
                                setSkipping(task);
                              } else if (status !== task.status) {
                                setStatus(task, status);
                              }
                            }}
                          >
                            {TASK_STATUSES.map(status => (
                              <MenuItem key={status} value={status}>
                                {taskStatusLabel(status)}
                              </MenuItem>
                            ))}
                          </TextField>
                        ) : (
                          taskStatusLabel(task.status)
                        )}
                      </TableCell>
                      <TableCell align="right">
                        {editable && (
                          <Button
                            size="small"
                            onClick={() => setEditing(task)}
                            aria-label={`Edit ${task.title}`}
                          >
                            Edit
                          </Button>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          )}
        </Box>
      ))}
      {editing && (
        <TaskDialog
          task={editing === 'new' ? undefined : editing}
          defaultPhase={defaultPhase}
          onSave={save}
          onClose={() => setEditing(undefined)}
        />
      )}
      {planning && milestones.value && (
        <MilestonesDialog
          milestones={milestones.value.items}
          onSave={async request => {
            await releasesApi.setMilestones(release.id, request);
            setPlanning(false);
            milestones.retry();
            onChanged();
          }}
          onClose={() => setPlanning(false)}
        />
      )}
      {skipping && (
        <ReasonDialog
          title={`Skip "${skipping.title}"`}
          description="A skipped task counts as finished for the phase's exit criteria. Say why it is not needed."
          required
          helpWhenEmpty="A reason is required to skip a task."
          helpWhenFilled="Shown with the task and in the release notes."
          confirmLabel="Skip task"
          maxLength={2000}
          busy={busy}
          onConfirm={reason => setStatus(skipping, 'skipped', reason)}
          onClose={() => setSkipping(undefined)}
        />
      )}
    </InfoCard>
  );
}
