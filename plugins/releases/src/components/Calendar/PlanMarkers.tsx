import { MouseEvent, useCallback } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AssignmentIcon from '@material-ui/icons/AssignmentOutlined';
import FlagIcon from '@material-ui/icons/Flag';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { MilestoneState } from '@backstage-itsm/plugin-releases-common';
import { releaseRouteRef } from '../../routes';
import {
  milestoneStateLabel,
  taskStatusLabel,
} from '../ReleasePlan/planLabels';
import { EntityName } from '../shared/EntityName';
import { formatDateTime, phaseLabel } from '../shared/format';
import { useReleasesT } from '../shared/labels';
import { MilestoneItem, PlanItem, TaskItem } from './calendarModel';
import { entryLine, usePlanMarkerStyles } from './calendarStyles';

const useStyles = makeStyles(theme => ({
  content: entryLine(theme),
  icon: {
    fontSize: 14,
    flexShrink: 0,
  },
  // The marker's colour says the state: the link takes it, too.
  title: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    minWidth: '3em',
    '&, &:hover': { color: 'inherit' },
  },
  // In a narrow day cell the title keeps its room: the state (also said by
  // the colour) and the assignee give way first.
  aside: {
    flexShrink: 100,
    minWidth: 0,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  legendEntry: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
  },
}));

/** The calendar selects its event on a click; the link alone should act. */
function stopPropagation(event: MouseEvent) {
  event.stopPropagation();
}

function ReleaseLink(props: { item: PlanItem }) {
  const classes = useStyles();
  const releaseLink = useRouteRef(releaseRouteRef);
  return (
    <Link
      to={releaseLink({ releaseId: props.item.releaseId })}
      className={classes.title}
      underline="hover"
      onClick={stopPropagation}
    >
      {props.item.title}
    </Link>
  );
}

function MilestoneMarker(props: { item: MilestoneItem }) {
  const classes = useStyles();
  return (
    <span className={classes.content}>
      <FlagIcon className={classes.icon} />
      <ReleaseLink item={props.item} />
      <span className={classes.aside}>
        · {milestoneStateLabel(props.item.milestone.state)}
      </span>
    </span>
  );
}

function TaskMarker(props: { item: TaskItem }) {
  const classes = useStyles();
  const { assignee } = props.item.task;
  return (
    <span className={classes.content}>
      <AssignmentIcon className={classes.icon} />
      <ReleaseLink item={props.item} />
      {assignee && (
        <span className={classes.aside}>
          · <EntityName entityRef={assignee} defaultKind="user" />
        </span>
      )}
    </span>
  );
}

/** The classes that draw a marker in its state. */
export function usePlanMarkerClass(): (item: PlanItem) => string {
  const classes = usePlanMarkerStyles();
  return useCallback(
    (item: PlanItem) =>
      `${classes.marker} ${
        item.kind === 'task' ? classes.task : classes[item.milestone.state]
      }`,
    [classes],
  );
}

/**
 * A milestone (`⚑ Ledger 5.0 · Build ends · Late`) or a due task
 * (`Run smoke tests due · Ana Lopez`), linking to its release. `framed`
 * draws the marker itself, where the calendar does not (the agenda).
 */
export function PlanMarker(props: { item: PlanItem; framed?: boolean }) {
  const { item, framed } = props;
  const frame = usePlanMarkerStyles();
  const markerClass = usePlanMarkerClass();
  const marker =
    item.kind === 'milestone' ? (
      <MilestoneMarker item={item} />
    ) : (
      <TaskMarker item={item} />
    );
  return framed ? (
    <span className={`${markerClass(item)} ${frame.inline}`}>{marker}</span>
  ) : (
    marker
  );
}

/** The whole story of a marker, for its tooltip. */
export function planTooltip(item: PlanItem): string {
  if (item.kind === 'milestone') {
    const { milestone } = item;
    return [
      `${item.releaseTitle}: ${phaseLabel(milestone.phase)} planned to end`,
      `${formatDateTime(milestone.plannedEnd)}, late after ${formatDateTime(
        milestone.bufferEnd,
      )}`,
      milestoneStateLabel(milestone.state),
    ].join('\n');
  }
  const { task } = item;
  return [
    `${task.title}: task of ${item.releaseTitle} (${phaseLabel(task.phase)})`,
    `Due ${formatDateTime(task.dueAt)}`,
    taskStatusLabel(task.status),
  ].join('\n');
}

const LEGEND_STATES: MilestoneState[] = [
  'on_track',
  'in_buffer',
  'late',
  'done',
];

/** Legend entries for the milestone and task markers. */
export function PlanLegendEntries(props: { itemClassName: string }) {
  const classes = useStyles();
  const frame = usePlanMarkerStyles();
  const t = useReleasesT();
  return (
    <>
      <li className={props.itemClassName}>
        <Typography variant="caption">
          {t('calendar.milestoneLegend')}
        </Typography>
        {LEGEND_STATES.map(state => (
          <span
            key={state}
            className={`${frame.marker} ${frame[state]} ${frame.inline}`}
          >
            <span className={classes.legendEntry}>
              <FlagIcon className={classes.icon} />
              {milestoneStateLabel(state)}
            </span>
          </span>
        ))}
      </li>
      <li className={props.itemClassName}>
        <span className={`${frame.marker} ${frame.task} ${frame.inline}`}>
          <AssignmentIcon className={classes.icon} />
        </span>
        <Typography variant="caption">{t('calendar.taskLegend')}</Typography>
      </li>
    </>
  );
}
