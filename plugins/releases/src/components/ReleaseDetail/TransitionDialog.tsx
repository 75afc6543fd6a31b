import { FormEvent, useId, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { PhaseTransition } from '@backstage-itsm/plugin-releases-common';
import { phaseLabel } from '../shared/format';
import { transitionLabel } from './transitionLabel';

export interface TransitionDialogProps {
  transition: PhaseTransition;
  busy: boolean;
  error?: string;
  onConfirm: (reason: string | undefined) => void;
  onClose: () => void;
}

/** Asks why before stepping a release back (required) or cancelling it (optional). */
export function TransitionDialog(props: TransitionDialogProps) {
  const { transition, busy, error, onConfirm, onClose } = props;
  const [reason, setReason] = useState('');
  const titleId = useId();
  const missingReason = transition.reasonRequired && !reason.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!missingReason) {
      onConfirm(reason.trim() || undefined);
    }
  };

  let helperText = 'Optional. The reason is kept in the history.';
  if (transition.reasonRequired) {
    helperText = missingReason
      ? 'A reason is required to step a release back.'
      : 'The reason is kept in the history.';
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
        <DialogTitle id={titleId}>{transitionLabel(transition)}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {transition.kind === 'cancel'
              ? 'A cancelled release is closed for good: it cannot be reopened.'
              : `The release goes back to ${phaseLabel(
                  transition.to,
                )}. Say why, so the history explains it.`}
          </DialogContentText>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            id={`${titleId}-reason`}
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            error={transition.reasonRequired && missingReason}
            helperText={helperText}
            fullWidth
            multiline
            minRows={2}
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
            color="primary"
            variant="contained"
            disabled={busy || missingReason}
          >
            Confirm
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
