import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import { RELEASE_TYPES } from '@backstage-itsm/plugin-releases-common';
import { useLabels, useReleasesT } from '../shared/labels';
import {
  conflictBorder,
  typeColors,
  windowAppearances,
} from './calendarStyles';
import { PlanLegendEntries } from './PlanMarkers';

const useStyles = makeStyles(theme => ({
  marker: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    flexShrink: 0,
    width: 16,
    height: 16,
    borderRadius: '50%',
    backgroundColor: theme.palette.common.white,
    color: conflictBorder(theme),
    verticalAlign: 'middle',
    '& svg': { fontSize: 12 },
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  item: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
  },
  swatch: {
    display: 'inline-block',
    width: 22,
    height: 12,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** The ⚠ shown on a release that collides with another or with a freeze. */
export function ConflictMarker(props: { title?: string }) {
  const classes = useStyles();
  return (
    <span
      className={classes.marker}
      role="img"
      aria-label="Conflict"
      title={props.title}
    >
      <WarningIcon aria-hidden />
    </span>
  );
}

/** What the colours, hatches and markers on the calendar mean. */
export function CalendarLegend(props: {
  /** The windows in view; each gets its own entry and hatch. */
  windows?: { window: string; kind: 'freeze' | 'maintenance' }[];
  /** Whether milestones and due tasks are marked. */
  plan?: boolean;
}) {
  const classes = useStyles();
  const theme = useTheme();
  const t = useReleasesT();
  const labels = useLabels();
  const colors = typeColors(theme);
  const appearances = windowAppearances(props.windows ?? []);
  const kinds = new Map((props.windows ?? []).map(w => [w.window, w.kind]));
  return (
    <ul className={classes.legend} aria-label={t('calendar.legend')}>
      {RELEASE_TYPES.map(type => (
        <li key={type} className={classes.item}>
          <span
            className={classes.swatch}
            style={{ backgroundColor: colors[type].background }}
          />
          <Typography variant="caption">{labels.type(type)}</Typography>
        </li>
      ))}
      {[...appearances].map(([name, look]) => (
        <li key={name} className={classes.item}>
          <span
            className={classes.swatch}
            style={{ background: look.background, border: look.border }}
          />
          <Typography variant="caption">
            {t(
              kinds.get(name) === 'maintenance'
                ? 'calendar.maintenanceNamed'
                : 'calendar.freezeNamed',
              { name },
            )}
          </Typography>
        </li>
      ))}
      <li className={classes.item}>
        <Box
          component="span"
          display="inline-flex"
          alignItems="center"
          className={classes.swatch}
          style={{
            backgroundColor: colors.minor.background,
            border: `2px solid ${conflictBorder(theme)}`,
            boxShadow: `inset 0 0 0 1px ${theme.palette.common.white}`,
          }}
        />
        <ConflictMarker />
        <Typography variant="caption">
          {t('calendar.conflictLegend')}
        </Typography>
      </li>
      {props.plan && <PlanLegendEntries itemClassName={classes.item} />}
    </ul>
  );
}
