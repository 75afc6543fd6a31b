import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import DialogContentText from '@material-ui/core/DialogContentText';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  MAX_MILESTONE_BUFFER_DAYS,
  OPEN_PHASES,
  PutMilestonesRequest,
  ReleaseMilestone,
  ReleasePhase,
} from '@backstage-itsm/plugin-releases-common';
import { isoToLocalInput, localInputToIso } from '../ReleaseDialog/releaseForm';
import { errorFields, errorMessage } from '../shared/errors';
import { FormDialog } from '../shared/FormDialog';
import { useLabels } from '../shared/labels';

interface Row {
  phase: ReleasePhase;
  /** `datetime-local` value in the viewer's zone; empty: no milestone. */
  end: string;
  buffer: string;
}

export interface MilestonesDialogProps {
  milestones: ReleaseMilestone[];
  onSave: (request: PutMilestonesRequest) => Promise<void>;
  onClose: () => void;
}

function rowsOf(milestones: ReleaseMilestone[]): Row[] {
  return OPEN_PHASES.map(phase => {
    const milestone = milestones.find(m => m.phase === phase);
    return {
      phase,
      end: isoToLocalInput(milestone?.plannedEnd),
      buffer: String(milestone?.bufferDays ?? 0),
    };
  });
}

/**
 * The planned end of each phase with the buffer allowed for the unexpected;
 * an empty end removes the phase's milestone.
 */
export function MilestonesDialog(props: MilestonesDialogProps) {
  const { milestones, onSave, onClose } = props;
  const labels = useLabels();
  const fieldId = useId();
  const [rows, setRows] = useState(() => rowsOf(milestones));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const fields = errorFields(error);
  const planned = rows.filter(row => row.end);

  const change = (phase: ReleasePhase, patch: Partial<Row>) =>
    setRows(current =>
      current.map(row => (row.phase === phase ? { ...row, ...patch } : row)),
    );

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onSave({
        milestones: planned.map(row => ({
          phase: row.phase,
          plannedEnd: localInputToIso(row.end) ?? row.end,
          // Not a number: sent as typed, so the server names the field.
          bufferDays: row.buffer.trim() === '' ? 0 : Number(row.buffer),
        })),
      });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  /** The server names fields by their index in what was sent. */
  const fieldError = (phase: ReleasePhase, name: string) => {
    const index = planned.findIndex(row => row.phase === phase);
    return index < 0 ? undefined : fields[`milestones.${index}.${name}`];
  };

  return (
    <FormDialog
      title="Edit milestones"
      submitLabel="Save milestones"
      busy={busy}
      onSubmit={submit}
      onClose={onClose}
    >
      <DialogContentText>
        When each phase should end, in your time zone, and how many days of
        buffer it may use before it counts as late. Leave an end empty for no
        milestone.
      </DialogContentText>
      {error !== undefined && (
        <Alert severity="error">{errorMessage(error)}</Alert>
      )}
      {rows.map(row => {
        const phaseName = labels.phase(row.phase);
        const endError = fieldError(row.phase, 'plannedEnd');
        const bufferError = fieldError(row.phase, 'bufferDays');
        return (
          <Box key={row.phase} display="flex" gridGap={16}>
            <TextField
              id={`${fieldId}-${row.phase}-end`}
              label={`${phaseName} ends`}
              type="datetime-local"
              value={row.end}
              onChange={e => change(row.phase, { end: e.target.value })}
              disabled={busy}
              variant="outlined"
              margin="dense"
              InputLabelProps={{ shrink: true }}
              style={{ flex: 2 }}
              error={Boolean(endError)}
              helperText={endError}
            />
            <TextField
              id={`${fieldId}-${row.phase}-buffer`}
              label={`${phaseName} buffer (days)`}
              type="number"
              value={row.buffer}
              onChange={e => change(row.phase, { buffer: e.target.value })}
              disabled={busy || !row.end}
              variant="outlined"
              margin="dense"
              inputProps={{ min: 0, max: MAX_MILESTONE_BUFFER_DAYS }}
              style={{ flex: 1 }}
              error={Boolean(bufferError)}
              helperText={bufferError}
            />
          </Box>
        );
      })}
    </FormDialog>
  );
}
