import Chip from '@material-ui/core/Chip';
import { darken, makeStyles } from '@material-ui/core/styles';
import {
  IncidentSeverity,
  ReleaseOutcome,
} from '@backstage-itsm/plugin-releases-common';
import { outcomeLabel, severityLabel } from './reviewText';
import { solidStatus } from '../shared/contrast';

const useStyles = makeStyles(theme => ({
  chip: {
    margin: 0,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  good: {
    ...solidStatus(theme, 'success'),
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  bad: {
    ...solidStatus(theme, 'error'),
  },
  dark: {
    ...solidStatus(theme, 'error'),
    backgroundColor: darken(solidStatus(theme, 'error').backgroundColor, 0.3),
  },
  neutral: {
    backgroundColor: theme.palette.grey[600],
    color: theme.palette.common.white,
  },
}));

export function OutcomeChip(props: { outcome: ReleaseOutcome }) {
  const classes = useStyles();
  const tone = {
    successful: classes.good,
    partially_successful: classes.warning,
    failed: classes.bad,
    rolled_back: classes.neutral,
  }[props.outcome];
  return (
    <Chip
      size="small"
      label={outcomeLabel(props.outcome)}
      className={`${classes.chip} ${tone ?? ''}`}
    />
  );
}

export function SeverityChip(props: { severity: IncidentSeverity }) {
  const classes = useStyles();
  const tone = {
    critical: classes.dark,
    high: classes.bad,
    medium: classes.warning,
    low: '',
  }[props.severity];
  return (
    <Chip
      size="small"
      variant={tone ? 'default' : 'outlined'}
      label={severityLabel(props.severity)}
      className={`${classes.chip} ${tone ?? ''}`}
    />
  );
}
