import { FormEvent, useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  ApprovalDecision,
  ApprovalDecisionValue,
  ApprovalRuleStatus,
  Release,
  ReleaseApprovals,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { errorMessage } from '../shared/errors';
import { asSentence, describeRule } from './approvalsText';
import { announceInboxChanged } from './inboxEvents';

export const REJECT_COMMENT_HELP =
  'Say what must change before it can be approved.';

export interface DecisionDialogProps {
  release: Pick<Release, 'id' | 'title'>;
  decision: ApprovalDecisionValue;
  /** The rules the decision counts towards, to remind the approver. */
  rules?: ApprovalRuleStatus[];
  onClose: () => void;
  onDecided: (result: {
    decision: ApprovalDecision;
    approvals: ReleaseApprovals;
  }) => void;
}

/** Approves or rejects a release with a comment; a rejection must say why. */
export function DecisionDialog(props: DecisionDialogProps) {
  const { release, decision, rules, onClose, onDecided } = props;
  const releasesApi = useApi(releasesApiRef);
  const alertApi = useApi(alertApiRef);
  const titleId = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const rejecting = decision === 'rejected';
  const missingComment = rejecting && !comment.trim();
  const action = rejecting ? 'Reject release' : 'Approve release';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (missingComment || busy) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const result = await releasesApi.decide(release.id, {
        decision,
        comment: comment.trim(),
      });
      alertApi.post({
        message: `${rejecting ? 'Rejected' : 'Approved'} "${release.title}"`,
        severity: 'success',
        display: 'transient',
      });
      announceInboxChanged();
      onDecided(result);
    } catch (e) {
      setError(asSentence(errorMessage(e)));
      setBusy(false);
    }
  };

  let helperText = 'Optional. Kept with your decision.';
  if (rejecting) {
    helperText = missingComment
      ? REJECT_COMMENT_HELP
      : 'Kept with your decision and shown to the release team.';
  }

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <form noValidate onSubmit={submit}>
        <DialogTitle id={titleId}>{action}</DialogTitle>
        <DialogContent>
          <DialogContentText component="div">
            <Box component="strong" display="block">
              {release.title}
            </Box>
            {rules && rules.length > 0 && (
              <>
                Your decision counts towards:
                <Box component="ul" my={0.5} pl={3}>
                  {rules.map(rule => (
                    <li key={rule.key}>{describeRule(rule)}</li>
                  ))}
                </Box>
              </>
            )}
            {rejecting &&
              'A rejection holds the release at the deploy gate until you approve it after all or an edit starts a new approval round.'}
          </DialogContentText>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            id={`${titleId}-comment`}
            label="Comment"
            value={comment}
            onChange={e => setComment(e.target.value)}
            error={Boolean(error) && missingComment}
            helperText={helperText}
            inputProps={{ 'aria-required': rejecting, maxLength: 5000 }}
            fullWidth
            multiline
            minRows={3}
            variant="outlined"
            margin="normal"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            Close
          </Button>
          <Button
            type="submit"
            variant="contained"
            color={rejecting ? 'secondary' : 'primary'}
            disabled={busy || missingComment}
          >
            {action}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
