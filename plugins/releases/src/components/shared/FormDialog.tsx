import { FormEvent, ReactNode, useId } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';

export interface FormDialogProps {
  title: ReactNode;
  /** What the submit button says. */
  submitLabel: ReactNode;
  /** `secondary` for what cannot be undone or bypasses a control. */
  submitColor?: 'primary' | 'secondary';
  /** What the button that closes without submitting says; `Cancel` unless told. */
  cancelLabel?: ReactNode;
  /** False while something the form needs is missing. */
  canSubmit?: boolean;
  /** True while the submitted action runs: nothing can be sent twice or closed. */
  busy: boolean;
  onSubmit: () => void;
  onClose: () => void;
  maxWidth?: 'xs' | 'sm' | 'md';
  children: ReactNode;
}

/**
 * A dialog holding a form: title, fields, and Cancel beside the submit
 * button. Enter submits; while busy, neither closing nor a second submit is
 * possible.
 */
export function FormDialog(props: FormDialogProps) {
  const {
    title,
    submitLabel,
    submitColor = 'primary',
    cancelLabel = 'Cancel',
    canSubmit = true,
    busy,
    onSubmit,
    onClose,
    maxWidth = 'sm',
    children,
  } = props;
  const titleId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit && !busy) {
      onSubmit();
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth={maxWidth}
    >
      <form noValidate onSubmit={submit}>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>{children}</DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {cancelLabel}
          </Button>
          <Button
            type="submit"
            variant="contained"
            color={submitColor}
            disabled={busy || !canSubmit}
          >
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
