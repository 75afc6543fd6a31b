import { ReactNode, useId, useState } from 'react';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { FormDialog } from './FormDialog';
import { useReleasesT } from './labels';

export interface ReasonDialogProps {
  title: string;
  /** What happens on confirm, and why a reason is asked for. */
  description: ReactNode;
  /** The text field's label; `Reason` unless told. */
  fieldLabel?: string;
  /** Whether the text must be given before confirming. */
  required: boolean;
  /** Helper texts under the field: while it is empty and once it is filled. */
  helpWhenEmpty: string;
  helpWhenFilled: string;
  confirmLabel: string;
  /** `secondary` for what cannot be undone or bypasses a control. */
  confirmColor?: 'primary' | 'secondary';
  maxLength?: number;
  /** True while the confirmed action runs. */
  busy: boolean;
  /** Why the action failed, shown above the field. */
  error?: ReactNode;
  onConfirm: (text: string) => void;
  onClose: () => void;
}

/**
 * Asks for a reason or comment before an action: stepping a release back,
 * cancelling it, breaking glass, approving or rejecting it.
 */
export function ReasonDialog(props: ReasonDialogProps) {
  const {
    title,
    description,
    fieldLabel,
    required,
    helpWhenEmpty,
    helpWhenFilled,
    confirmLabel,
    confirmColor = 'primary',
    maxLength = 5000,
    busy,
    error,
    onConfirm,
    onClose,
  } = props;
  const t = useReleasesT();
  const fieldId = useId();
  const [text, setText] = useState('');
  const empty = !text.trim();
  const missing = required && empty;

  return (
    <FormDialog
      title={title}
      submitLabel={confirmLabel}
      submitColor={confirmColor}
      cancelLabel={t('actions.close')}
      canSubmit={!missing}
      busy={busy}
      onSubmit={() => onConfirm(text.trim())}
      onClose={onClose}
    >
      <DialogContentText component="div">{description}</DialogContentText>
      {error && <Alert severity="error">{error}</Alert>}
      <TextField
        id={`${fieldId}-text`}
        label={fieldLabel ?? t('reasonDialog.reason')}
        value={text}
        onChange={e => setText(e.target.value)}
        helperText={empty ? helpWhenEmpty : helpWhenFilled}
        inputProps={{ 'aria-required': required, maxLength }}
        fullWidth
        multiline
        minRows={3}
        variant="outlined"
        margin="normal"
      />
    </FormDialog>
  );
}
