import { makeStyles } from '@material-ui/core/styles';
import {
  CalendarResponse,
  PlanningWarning,
  ReleaseCollision,
  TimeRange,
} from '@backstage-itsm/plugin-releases-common';
import { formatWindow } from './format';
import { useReleasesT } from './labels';

/** One freeze or collision, however many occurrences or environments it spans. */
export interface Conflict {
  kind: 'freeze' | 'collision';
  key: string;
  /** The release it concerns, where the list covers several. */
  releaseTitle?: string;
  /** The releases involved, where known. */
  releaseIds: string[];
  /** The freeze window's name, for freezes. */
  window?: string;
  /** The backend's sentence, for collisions. */
  message: string;
  /** What the two releases share, for a calendar's collisions. */
  collisionKind?: ReleaseCollision['kind'];
  /** Every overlap, earliest first, without repeats. */
  overlaps: TimeRange[];
}

function addConflict(
  byKey: Map<string, Conflict>,
  conflict: Omit<Conflict, 'overlaps'>,
  overlap: TimeRange,
) {
  const existing = byKey.get(conflict.key);
  if (!existing) {
    byKey.set(conflict.key, { ...conflict, overlaps: [overlap] });
  } else if (
    !existing.overlaps.some(
      o => o.start === overlap.start && o.end === overlap.end,
    )
  ) {
    existing.overlaps.push(overlap);
  }
}

function sorted(byKey: Map<string, Conflict>): Conflict[] {
  const conflicts = [...byKey.values()];
  for (const conflict of conflicts) {
    conflict.overlaps.sort((a, b) => a.start.localeCompare(b.start));
  }
  return conflicts.sort((a, b) =>
    a.overlaps[0].start.localeCompare(b.overlaps[0].start),
  );
}

/** A plan check's warnings, one entry per freeze window and per collision. */
export function conflictsOfWarnings(warnings: PlanningWarning[]): Conflict[] {
  const byKey = new Map<string, Conflict>();
  for (const warning of warnings) {
    const key =
      warning.kind === 'freeze'
        ? `freeze:${warning.window ?? warning.message}`
        : // A release may collide twice (a component and an API): two entries.
          `collision:${warning.releaseId ?? ''}:${warning.message}`;
    addConflict(
      byKey,
      {
        kind: warning.kind,
        key,
        window: warning.window,
        message: warning.message,
        releaseIds: warning.releaseId ? [warning.releaseId] : [],
      },
      warning.overlap,
    );
  }
  return sorted(byKey);
}

/** A calendar's collisions and freeze conflicts, one entry per release and window. */
export function conflictsOfCalendar(
  data: Pick<CalendarResponse, 'releases' | 'collisions' | 'freezeConflicts'>,
): Conflict[] {
  const titles = new Map(data.releases.map(r => [r.id, r.title]));
  const byKey = new Map<string, Conflict>();
  for (const conflict of data.freezeConflicts) {
    addConflict(
      byKey,
      {
        kind: 'freeze',
        key: `freeze:${conflict.releaseId}:${conflict.window}`,
        releaseTitle: titles.get(conflict.releaseId),
        window: conflict.window,
        message: conflict.message,
        releaseIds: [conflict.releaseId],
      },
      conflict.overlap,
    );
  }
  for (const collision of data.collisions) {
    addConflict(
      byKey,
      {
        kind: 'collision',
        // One pair may share a component and an API: two entries.
        key: `collision:${collision.kind}:${[...collision.releaseIds]
          .sort()
          .join(':')}`,
        collisionKind: collision.kind,
        message: collision.message,
        releaseIds: [...collision.releaseIds],
      },
      collision.overlap,
    );
  }
  return sorted(byKey);
}

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  dates: { color: theme.palette.text.secondary },
}));

/**
 * Freezes and collisions as a list a person reads: what, and when. With
 * `limit`, the earliest that many, then how many more there are.
 */
export function ConflictList(props: {
  warnings?: PlanningWarning[];
  conflicts?: Conflict[];
  empty: string;
  limit?: number;
}) {
  const classes = useStyles();
  const t = useReleasesT();
  const conflicts =
    props.conflicts ?? conflictsOfWarnings(props.warnings ?? []);
  if (conflicts.length === 0) {
    return <>{props.empty}</>;
  }
  const shown =
    props.limit === undefined ? conflicts : conflicts.slice(0, props.limit);
  return (
    <ul className={classes.list}>
      {shown.map(conflict => {
        let what =
          conflict.kind === 'freeze' && conflict.window
            ? t('conflicts.freeze', { window: conflict.window })
            : conflict.message;
        if (conflict.releaseTitle) {
          what = `${conflict.releaseTitle}: ${what}`;
        }
        return (
          <li key={conflict.key}>
            {what}
            <div className={classes.dates}>
              {conflict.overlaps
                .map(o => formatWindow(o.start, o.end))
                .join('; ')}
            </div>
          </li>
        );
      })}
      {shown.length < conflicts.length && (
        <li>
          {t('conflicts.more', {
            number: String(conflicts.length - shown.length),
          })}
        </li>
      )}
    </ul>
  );
}
