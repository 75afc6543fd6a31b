import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { ApprovalStatus } from '@backstage-itsm/plugin-releases-common';
import { useLabels } from '../shared/labels';
import { solidStatus } from '../shared/contrast';

const useStyles = makeStyles(theme => ({
  chip: {
    margin: 0,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  pending: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  approved: {
    ...solidStatus(theme, 'success'),
  },
  rejected: {
    ...solidStatus(theme, 'error'),
  },
  not_required: {},
}));

export function ApprovalStatusChip(props: { status: ApprovalStatus }) {
  const classes = useStyles();
  const { status } = props;
  const labels = useLabels();
  return (
    <Chip
      size="small"
      variant={status === 'not_required' ? 'outlined' : 'default'}
      label={labels.approvalStatus(status)}
      className={`${classes.chip} ${classes[status] ?? ''}`}
    />
  );
}
