import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import { RELEASE_TYPES } from '@backstage-itsm/plugin-releases-common';
import { typeLabel } from '../shared/format';
import { conflictBorder, typeColors, windowShades } from './calendarStyles';

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

/** What the colours, shades and markers on the calendar mean. */
export function CalendarLegend() {
  const classes = useStyles();
  const theme = useTheme();
  const colors = typeColors(theme);
  const shades = windowShades(theme);
  return (
    <ul className={classes.legend} aria-label="Legend">
      {RELEASE_TYPES.map(type => (
        <li key={type} className={classes.item}>
          <span
            className={classes.swatch}
            style={{ backgroundColor: colors[type].background }}
          />
          <Typography variant="caption">{typeLabel(type)}</Typography>
        </li>
      ))}
      <li className={classes.item}>
        <span
          className={classes.swatch}
          style={{
            background: shades.freeze,
            border: `1px dashed ${theme.palette.info.main}`,
          }}
        />
        <Typography variant="caption">Freeze window</Typography>
      </li>
      <li className={classes.item}>
        <span
          className={classes.swatch}
          style={{
            background: shades.maintenance,
            border: `1px dashed ${theme.palette.grey[500]}`,
          }}
        />
        <Typography variant="caption">Maintenance window</Typography>
      </li>
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
        <Typography variant="caption">Collision or freeze conflict</Typography>
      </li>
    </ul>
  );
}
