import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { ApprovalStatus } from '@backstage-itsm/plugin-releases-common';
import { approvalStatusLabel } from './approvalsText';

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
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  rejected: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  not_required: {},
}));

export function ApprovalStatusChip(props: { status: ApprovalStatus }) {
  const classes = useStyles();
  const { status } = props;
  return (
    <Chip
      size="small"
      variant={status === 'not_required' ? 'outlined' : 'default'}
      label={approvalStatusLabel(status)}
      className={`${classes.chip} ${classes[status] ?? ''}`}
    />
  );
}
