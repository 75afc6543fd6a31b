import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ApprovalDecision } from '@backstage-itsm/plugin-releases-common';
import { formatDateTime } from '../shared/format';

const useStyles = makeStyles(theme => ({
  earlier: {
    '& > td': { color: theme.palette.text.disabled },
  },
  approved: { color: theme.palette.success.main, fontWeight: 500 },
  rejected: { color: theme.palette.error.main, fontWeight: 500 },
  comment: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

/** Every decision of every round, newest first; earlier rounds no longer count. */
export function ApprovalDecisions(props: {
  decisions: ApprovalDecision[];
  round: number;
}) {
  const { decisions, round } = props;
  const classes = useStyles();
  if (decisions.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No decisions yet.
      </Typography>
    );
  }
  return (
    <Box overflow="auto">
      <Table size="small" aria-label="Decisions">
        <TableHead>
          <TableRow>
            <TableCell>Approver</TableCell>
            <TableCell>On behalf of</TableCell>
            <TableCell>Decision</TableCell>
            <TableCell>Comment</TableCell>
            <TableCell>When</TableCell>
            <TableCell>Round</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {decisions.map(decision => {
            const earlier = decision.round < round;
            return (
              <TableRow
                key={decision.id}
                className={earlier ? classes.earlier : undefined}
              >
                <TableCell>
                  <EntityRefLink
                    entityRef={decision.approver}
                    defaultKind="user"
                  />
                </TableCell>
                <TableCell>
                  {decision.onBehalfOf ? (
                    <EntityRefLink
                      entityRef={decision.onBehalfOf}
                      defaultKind="group"
                    />
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  <span
                    className={earlier ? undefined : classes[decision.decision]}
                  >
                    {decision.decision === 'approved' ? 'Approved' : 'Rejected'}
                  </span>
                </TableCell>
                <TableCell className={classes.comment}>
                  {decision.comment || '—'}
                </TableCell>
                <TableCell>{formatDateTime(decision.decidedAt)}</TableCell>
                <TableCell>
                  {decision.round}
                  {earlier && (
                    <Typography
                      variant="caption"
                      component="div"
                      color="textSecondary"
                    >
                      earlier round, reset by an edit
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}
