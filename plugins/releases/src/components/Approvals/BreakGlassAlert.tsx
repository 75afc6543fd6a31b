import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ReleaseApprovals } from '@backstage-itsm/plugin-releases-common';
import { formatDateTime } from '../shared/format';
import { solidStatus } from '../shared/contrast';

const useStyles = makeStyles(theme => ({
  overdue: {
    ...solidStatus(theme, 'error'),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

/** An emergency release deployed before it was approved, and its review. */
export function BreakGlassAlert(props: {
  review: NonNullable<ReleaseApprovals['review']>;
}) {
  const { review } = props;
  const classes = useStyles();
  let due = 'No review deadline applies.';
  if (review.dueAt) {
    due =
      review.status === 'approved'
        ? `The review approvals were due by ${formatDateTime(
            review.dueAt,
          )} and have been given.`
        : `The review approvals are due by ${formatDateTime(review.dueAt)}.`;
  }
  return (
    <Alert
      severity={review.overdue ? 'error' : 'warning'}
      role="alert"
      aria-label="Break-glass"
    >
      <AlertTitle>
        <Box display="flex" alignItems="center" gridGap={8}>
          Break-glass
          {review.overdue && (
            <Chip size="small" label="Overdue" className={classes.overdue} />
          )}
        </Box>
      </AlertTitle>
      Deployed before approval on {formatDateTime(review.breakGlassAt)}. Reason:{' '}
      {review.reason}
      <Box mt={0.5}>{due}</Box>
    </Alert>
  );
}
