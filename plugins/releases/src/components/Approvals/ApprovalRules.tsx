import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ApprovalRuleStatus } from '@backstage-itsm/plugin-releases-common';
import { useRuleText } from './approvalsText';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: theme.spacing(2),
  },
  satisfied: { color: theme.palette.success.main },
  rejected: { color: theme.palette.error.main },
  pending: { color: theme.palette.text.secondary },
  barSatisfied: { backgroundColor: theme.palette.success.main },
  barRejected: { backgroundColor: theme.palette.error.main },
  bar: { height: 6, borderRadius: 3, marginTop: theme.spacing(0.5) },
}));

function People(props: { refs: string[]; none: string }) {
  const { refs, none } = props;
  if (refs.length === 0) {
    return <>{none}</>;
  }
  return (
    <>
      {refs.map((ref, index) => (
        <Box component="span" key={ref} whiteSpace="nowrap">
          <EntityRefLink entityRef={ref} defaultKind="user" />
          {index < refs.length - 1 ? ', ' : ''}
        </Box>
      ))}
    </>
  );
}

const STATE_LABELS: Record<ApprovalRuleStatus['state'], string> = {
  satisfied: 'Satisfied',
  pending: 'Waiting',
  rejected: 'Rejected',
};

function RuleRow(props: { rule: ApprovalRuleStatus }) {
  const { rule } = props;
  const classes = useStyles();
  const Icon =
    (rule.state === 'satisfied' && CheckCircleIcon) ||
    (rule.state === 'rejected' && CancelIcon) ||
    HourglassEmptyIcon;
  const percent = Math.min(
    100,
    (rule.given / Math.max(rule.required, 1)) * 100,
  );
  const text = useRuleText(rule);
  return (
    <li>
      <Box display="flex" alignItems="center" gridGap={8}>
        <Icon
          fontSize="small"
          className={classes[rule.state]}
          titleAccess={STATE_LABELS[rule.state]}
        />
        <Typography variant="body2" component="span">
          {text}
          {rule.stage === 'review' && ' · review after break-glass'}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={text}
        className={classes.bar}
        classes={{
          bar:
            (rule.state === 'satisfied' && classes.barSatisfied) ||
            (rule.state === 'rejected' && classes.barRejected) ||
            undefined,
        }}
      />
      <Typography variant="caption" color="textSecondary" component="div">
        Approved by: <People refs={rule.approvers} none="nobody yet" />
      </Typography>
      <Typography variant="caption" color="textSecondary" component="div">
        May approve:{' '}
        <People
          refs={rule.eligible}
          none="nobody: the group has no members who may approve"
        />
      </Typography>
    </li>
  );
}

/** Each rule of the matching policies, how far along it is and who may help. */
export function ApprovalRules(props: { rules: ApprovalRuleStatus[] }) {
  const classes = useStyles();
  return (
    <Box component="ul" className={classes.list} aria-label="Approval rules">
      {props.rules.map(rule => (
        <RuleRow key={rule.key} rule={rule} />
      ))}
    </Box>
  );
}
