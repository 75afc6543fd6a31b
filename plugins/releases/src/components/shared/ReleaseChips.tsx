import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import {
  ReleasePhase,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { phaseLabel, typeLabel } from './format';
import { solidStatus } from './contrast';

const useStyles = makeStyles(theme => ({
  chip: {
    margin: 0,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  upcoming: {
    ...solidStatus(theme, 'info'),
  },
  inProgress: {
    backgroundColor: theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
  },
  closed: {
    ...solidStatus(theme, 'success'),
  },
  cancelled: {
    backgroundColor: theme.palette.grey[600],
    color: theme.palette.common.white,
  },
  emergency: {
    ...solidStatus(theme, 'error'),
  },
  major: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

export function PhaseChip(props: { phase: ReleasePhase }) {
  const classes = useStyles();
  const { phase } = props;
  let tone = classes.inProgress;
  if (phase === 'plan' || phase === 'design') {
    tone = classes.upcoming;
  } else if (phase === 'closed') {
    tone = classes.closed;
  } else if (phase === 'cancelled') {
    tone = classes.cancelled;
  }
  return (
    <Chip
      size="small"
      label={phaseLabel(phase)}
      className={`${classes.chip} ${tone}`}
    />
  );
}

export function TypeChip(props: { type: ReleaseType }) {
  const classes = useStyles();
  const { type } = props;
  const tone =
    (type === 'emergency' && classes.emergency) ||
    (type === 'major' && classes.major) ||
    '';
  return (
    <Chip
      size="small"
      variant={tone ? 'default' : 'outlined'}
      label={typeLabel(type)}
      className={`${classes.chip} ${tone}`}
    />
  );
}
