import { useState } from 'react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Paper from '@material-ui/core/Paper';
import {
  ContentHeader,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { DateTime } from 'luxon';
import { MAX_PAGE_SIZE } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { releaseRouteRef } from '../../routes';
import { EntityName } from '../shared/EntityName';
import { formatDateTime } from '../shared/format';
import { useLabels } from '../shared/labels';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import { taskStatusLabel } from './planLabels';

/** The tasks assigned to me, or to my groups, across the releases I may see. */
export function MyWorkList() {
  const releasesApi = useApi(releasesApiRef);
  const releaseLink = useRouteRef(releaseRouteRef);
  const labels = useLabels();
  const [showFinished, setShowFinished] = useState(false);
  const work = useLoader(
    () =>
      releasesApi.getMyWork({
        limit: MAX_PAGE_SIZE,
        ...(showFinished && {
          status: ['open', 'in_progress', 'done', 'skipped'],
        }),
      }),
    [releasesApi, showFinished],
  );
  const now = DateTime.now();

  const toggle = (
    <FormControlLabel
      control={
        <Switch
          checked={showFinished}
          onChange={e => setShowFinished(e.target.checked)}
          color="primary"
        />
      }
      label="Show done and skipped tasks"
    />
  );

  if (work.error) {
    return <ResponseErrorPanel error={work.error} />;
  }
  if (!work.value) {
    return <Progress />;
  }
  const items = work.value.items;
  if (items.length === 0) {
    return (
      <>
        {toggle}
        <EmptyState
          missing="data"
          title="Nothing assigned to you"
          description="Tasks of releases assigned to you or to one of your groups show here."
        />
      </>
    );
  }
  return (
    <>
      {toggle}
      <Paper variant="outlined">
        <Table aria-label="My tasks">
          <TableHead>
            <TableRow>
              <TableCell>Task</TableCell>
              <TableCell>Release</TableCell>
              <TableCell>Phase</TableCell>
              <TableCell>Assigned to</TableCell>
              <TableCell>Due</TableCell>
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(({ task, release }) => {
              const overdue =
                task.dueAt !== null &&
                (task.status === 'open' || task.status === 'in_progress') &&
                DateTime.fromISO(task.dueAt) < now;
              return (
                <TableRow key={task.id}>
                  <TableCell>{task.title}</TableCell>
                  <TableCell>
                    <Link to={releaseLink({ releaseId: release.id })}>
                      {release.title}
                    </Link>
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="div"
                    >
                      {`${labels.type(release.type)} · now in ${labels.phase(
                        release.phase,
                      )}`}
                    </Typography>
                  </TableCell>
                  <TableCell>{labels.phase(task.phase)}</TableCell>
                  <TableCell>
                    {task.assignee ? (
                      <EntityName
                        entityRef={task.assignee}
                        defaultKind="user"
                      />
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>
                    {formatDateTime(task.dueAt)}
                    {overdue && (
                      <Typography
                        variant="caption"
                        color="error"
                        component="div"
                      >
                        Overdue
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{taskStatusLabel(task.status)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Paper>
      {work.value.totalCount > items.length && (
        <Typography variant="caption" color="textSecondary">
          {`Showing ${items.length} of ${work.value.totalCount} tasks.`}
        </Typography>
      )}
    </>
  );
}

/** `/releases/my-work`: what the signed-in user has to do, across releases. */
export function MyWorkPage() {
  return (
    <ReleasesPageLayout
      title="My work"
      subtitle="Release tasks assigned to you or to your groups"
    >
      <ContentHeader
        title="My tasks"
        description="Open and in-progress tasks, soonest due first"
      />
      <MyWorkList />
    </ReleasesPageLayout>
  );
}
