import { useId, useState } from 'react';
import { DateTime } from 'luxon';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  OPEN_PHASES,
  ReleasePhase,
  ReleaseTask,
  TaskEvidence,
} from '@backstage-itsm/plugin-releases-common';
import { EntityRefPicker } from '../shared/EntityRefPicker';
import { errorFields, errorMessage } from '../shared/errors';
import { FormDialog } from '../shared/FormDialog';
import { useLabels } from '../shared/labels';

/** What the dialog hands back: the fields as the API takes them. */
export interface TaskInput {
  title: string;
  phase: ReleasePhase;
  assignee: string | null;
  dueAt: string | null;
  evidence: TaskEvidence[];
}

export interface TaskDialogProps {
  /** The task to edit; a new task without it. */
  task?: ReleaseTask;
  /** The phase a new task starts in. */
  defaultPhase: ReleasePhase;
  onSave: (input: TaskInput) => Promise<void>;
  onClose: () => void;
}

const LOCAL_INPUT = "yyyy-MM-dd'T'HH:mm";

function linkOf(evidence: TaskEvidence[]): string {
  const first = evidence.find(e => e.kind !== 'deployment');
  return first && 'url' in first ? first.url : '';
}

/** Adds a task, or edits its title, phase, assignee, due date and evidence link. */
export function TaskDialog(props: TaskDialogProps) {
  const { task, defaultPhase, onSave, onClose } = props;
  const labels = useLabels();
  const fieldId = useId();
  const [title, setTitle] = useState(task?.title ?? '');
  const [phase, setPhase] = useState<ReleasePhase>(task?.phase ?? defaultPhase);
  const [assignee, setAssignee] = useState(task?.assignee ?? '');
  const [due, setDue] = useState(
    task?.dueAt ? DateTime.fromISO(task.dueAt).toFormat(LOCAL_INPUT) : '',
  );
  const [link, setLink] = useState(linkOf(task?.evidence ?? []));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const fields = errorFields(error);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    // Other evidence (CI runs, deployments) stays as it was; the link is the first one.
    const otherEvidence = (task?.evidence ?? []).filter(
      e => e.kind === 'deployment' || e.url !== linkOf(task?.evidence ?? []),
    );
    try {
      await onSave({
        title: title.trim(),
        phase,
        assignee: assignee || null,
        dueAt: due
          ? DateTime.fromFormat(due, LOCAL_INPUT).toUTC().toISO()
          : null,
        evidence: link.trim()
          ? [{ kind: 'link', url: link.trim() }, ...otherEvidence]
          : otherEvidence,
      });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title={task ? 'Edit task' : 'Add task'}
      submitLabel={task ? 'Save task' : 'Add task'}
      canSubmit={Boolean(title.trim())}
      busy={busy}
      onSubmit={submit}
      onClose={onClose}
    >
      {error !== undefined && (
        <Alert severity="error">{errorMessage(error)}</Alert>
      )}
      <TextField
        id={`${fieldId}-title`}
        label="Title"
        value={title}
        onChange={e => setTitle(e.target.value)}
        required
        fullWidth
        variant="outlined"
        margin="normal"
        inputProps={{ maxLength: 200 }}
        error={Boolean(fields.title)}
        helperText={fields.title}
      />
      <TextField
        id={`${fieldId}-phase`}
        select
        label="Phase"
        value={phase}
        onChange={e => setPhase(e.target.value as ReleasePhase)}
        fullWidth
        variant="outlined"
        margin="normal"
        helperText="The release cannot leave this phase before the task is done or skipped."
      >
        {OPEN_PHASES.map(p => (
          <MenuItem key={p} value={p}>
            {labels.phase(p)}
          </MenuItem>
        ))}
      </TextField>
      <EntityRefPicker
        id={`${fieldId}-assignee`}
        kind={['User', 'Group']}
        label="Assignee"
        placeholder="A person or a team"
        value={assignee}
        onChange={setAssignee}
        size="medium"
        margin="dense"
        error={Boolean(fields.assignee)}
        helperText={fields.assignee}
      />
      <TextField
        id={`${fieldId}-due`}
        label="Due"
        type="datetime-local"
        value={due}
        onChange={e => setDue(e.target.value)}
        fullWidth
        variant="outlined"
        margin="normal"
        InputLabelProps={{ shrink: true }}
        error={Boolean(fields.dueAt)}
        helperText={fields.dueAt ?? 'In your time zone'}
      />
      <TextField
        id={`${fieldId}-evidence`}
        label="Evidence link"
        placeholder="https://ci.example.com/runs/123"
        value={link}
        onChange={e => setLink(e.target.value)}
        fullWidth
        variant="outlined"
        margin="normal"
        error={Boolean(fields.evidence)}
        helperText={
          fields.evidence ?? 'What shows it was done: a document, a CI run'
        }
      />
    </FormDialog>
  );
}
