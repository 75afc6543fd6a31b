import { FormEvent, useId, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';

export interface BreakGlassDialogProps {
  busy: boolean;
  error?: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Asks why an emergency release must deploy before its approvals are in. */
export function BreakGlassDialog(props: BreakGlassDialogProps) {
  const { busy, error, onConfirm, onClose } = props;
  const [reason, setReason] = useState('');
  const titleId = useId();
  const missingReason = !reason.trim();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!missingReason && !busy) {
      onConfirm(reason.trim());
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <form noValidate onSubmit={submit}>
        <DialogTitle id={titleId}>Break glass</DialogTitle>
        <DialogContent>
          <DialogContentText>
            This emergency release is not approved yet. It can move to Deploy
            now, but it will be marked as a break-glass deploy and its approvals
            become due as a review after the fact. Say why it cannot wait.
          </DialogContentText>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            id={`${titleId}-reason`}
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            helperText={
              missingReason
                ? 'A reason is required to break glass.'
                : 'Kept with the release and shown to the reviewers.'
            }
            inputProps={{ 'aria-required': true, maxLength: 2000 }}
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
            color="secondary"
            variant="contained"
            disabled={busy || missingReason}
          >
            Break glass and deploy
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
