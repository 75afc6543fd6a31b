import { useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import DialogContentText from '@material-ui/core/DialogContentText';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import {
  RELEASE_TYPES,
  ReleaseType,
  RuntimeFreeze,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useEnvironments } from '../../hooks';
import { errorFields, errorMessage } from '../shared/errors';
import { localZoneName, typeLabel } from '../shared/format';
import { humanizeValue } from '../shared/labels';
import { localInputToIso } from '../ReleaseDialog/releaseForm';
import { FormDialog } from '../shared/FormDialog';

/**
 * "Stop the line": declares a runtime freeze, now or later, until a given
 * time or until someone lifts it. It blocks the gate and deploys at once.
 */
export function StopTheLineDialog(props: {
  onClose: () => void;
  onDeclared: (freeze: RuntimeFreeze) => void;
}) {
  const { onClose, onDeclared } = props;
  const id = useId();
  const releasesApi = useApi(releasesApiRef);
  const environments = useEnvironments();
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  // Empty: every gated environment, as the backend defaults.
  const [chosen, setChosen] = useState<string[] | undefined>();
  const [startMode, setStartMode] = useState<'now' | 'later'>('now');
  const [startsAt, setStartsAt] = useState('');
  const [endMode, setEndMode] = useState<'open' | 'at'>('open');
  const [endsAt, setEndsAt] = useState('');
  const [allow, setAllow] = useState<ReleaseType[]>(['emergency']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});

  const gated = (environments.value ?? [])
    .filter(e => e.gated)
    .map(e => e.name);
  const selected = chosen ?? gated;
  const missing =
    !name.trim() ||
    !reason.trim() ||
    selected.length === 0 ||
    (startMode === 'later' && !startsAt) ||
    (endMode === 'at' && !endsAt);

  const toggle = <T,>(list: T[], value: T) =>
    list.includes(value) ? list.filter(v => v !== value) : [...list, value];

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    setFields({});
    try {
      const freeze = await releasesApi.declareFreeze({
        name: name.trim(),
        reason: reason.trim(),
        environments: selected,
        allow,
        ...(startMode === 'later' && { startsAt: localInputToIso(startsAt) }),
        endsAt: endMode === 'at' ? localInputToIso(endsAt) : null,
      });
      onDeclared(freeze);
    } catch (e) {
      setError(errorMessage(e));
      setFields(errorFields(e));
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title="Stop the line"
      submitLabel="Stop deployments"
      submitColor="secondary"
      canSubmit={!missing}
      busy={busy}
      onSubmit={submit}
      onClose={onClose}
    >
      <DialogContentText>
        Declares a freeze: deployments to the chosen environments stop at once
        (or from the given start), exactly as with a configured freeze window,
        until it ends or someone lifts it. The owners of affected releases are
        notified.
      </DialogContentText>
      {error && (
        <Box mb={1}>
          <Alert severity="error">{error}</Alert>
        </Box>
      )}
      <TextField
        id={`${id}-name`}
        label="Name"
        value={name}
        onChange={e => setName(e.target.value)}
        error={Boolean(fields.name)}
        helperText={fields.name ?? 'Shown on the calendar and the gate'}
        inputProps={{ maxLength: 100, 'aria-required': true }}
        fullWidth
        variant="outlined"
        margin="dense"
      />
      <TextField
        id={`${id}-reason`}
        label="Reason"
        value={reason}
        onChange={e => setReason(e.target.value)}
        error={Boolean(fields.reason)}
        helperText={fields.reason ?? 'Why deployments must stop'}
        inputProps={{ maxLength: 2000, 'aria-required': true }}
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        margin="dense"
      />
      <FormControl
        component="fieldset"
        margin="normal"
        error={Boolean(fields.environments)}
      >
        <FormLabel component="legend">Environments</FormLabel>
        <FormGroup row>
          {(environments.value ?? []).map(env => (
            <FormControlLabel
              key={env.name}
              control={
                <Checkbox
                  checked={selected.includes(env.name)}
                  onChange={() => setChosen(toggle(selected, env.name))}
                />
              }
              label={humanizeValue(env.name)}
            />
          ))}
        </FormGroup>
        <FormHelperText>
          {fields.environments ??
            (selected.length === 0
              ? 'Choose at least one environment.'
              : 'Deployments to these environments stop.')}
        </FormHelperText>
      </FormControl>
      <FormControl component="fieldset" margin="normal" fullWidth>
        <FormLabel component="legend">Starts</FormLabel>
        <RadioGroup
          row
          value={startMode}
          onChange={e => setStartMode(e.target.value as 'now' | 'later')}
        >
          <FormControlLabel value="now" control={<Radio />} label="Now" />
          <FormControlLabel value="later" control={<Radio />} label="Later" />
        </RadioGroup>
        {startMode === 'later' && (
          <TextField
            id={`${id}-starts-at`}
            label="Start"
            type="datetime-local"
            value={startsAt}
            onChange={e => setStartsAt(e.target.value)}
            error={Boolean(fields.startsAt)}
            helperText={
              fields.startsAt ?? `In your time zone (${localZoneName()}).`
            }
            InputLabelProps={{ shrink: true }}
            variant="outlined"
            margin="dense"
          />
        )}
      </FormControl>
      <FormControl component="fieldset" margin="normal" fullWidth>
        <FormLabel component="legend">Ends</FormLabel>
        <RadioGroup
          row
          value={endMode}
          onChange={e => setEndMode(e.target.value as 'open' | 'at')}
        >
          <FormControlLabel
            value="open"
            control={<Radio />}
            label="When lifted"
          />
          <FormControlLabel
            value="at"
            control={<Radio />}
            label="At a given time"
          />
        </RadioGroup>
        {endMode === 'at' && (
          <TextField
            id={`${id}-ends-at`}
            label="End"
            type="datetime-local"
            value={endsAt}
            onChange={e => setEndsAt(e.target.value)}
            error={Boolean(fields.endsAt)}
            helperText={
              fields.endsAt ?? `In your time zone (${localZoneName()}).`
            }
            InputLabelProps={{ shrink: true }}
            variant="outlined"
            margin="dense"
          />
        )}
      </FormControl>
      <FormControl component="fieldset" margin="normal">
        <FormLabel component="legend">Release types still allowed</FormLabel>
        <FormGroup row>
          {RELEASE_TYPES.map(type => (
            <FormControlLabel
              key={type}
              control={
                <Checkbox
                  checked={allow.includes(type)}
                  onChange={() => setAllow(toggle(allow, type))}
                />
              }
              label={typeLabel(type)}
            />
          ))}
        </FormGroup>
        <FormHelperText>
          {allow.length === 0
            ? 'No release may deploy during the freeze.'
            : 'These types may still deploy during the freeze.'}
        </FormHelperText>
      </FormControl>
    </FormDialog>
  );
}
