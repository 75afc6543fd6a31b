import { FormEvent, useId, useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import {
  Baseline,
  BaselineScope,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { ScopeOptions } from '../../api/ReleasesApi';
import { errorMessage } from '../shared/errors';
import { SCOPE_KIND_LABELS, ScopeKind } from './scope';
import { EntityRefPicker } from '../shared/EntityRefPicker';

const CATALOG_KIND: Record<ScopeKind, 'System' | 'Group' | 'Component'> = {
  system: 'System',
  owner: 'Group',
  entityRef: 'Component',
};

export interface CreateBaselineDialogProps {
  open: boolean;
  /** The page's scope, to start from. */
  initialScope: ScopeOptions;
  onClose: () => void;
  onCreated: (baseline: Baseline) => void;
}

/** Saves what runs where now, for a system, an owner's components or one component. */
export function CreateBaselineDialog(props: CreateBaselineDialogProps) {
  return props.open ? <CreateBaselineForm {...props} /> : null;
}

function initialKind(scope: ScopeOptions): ScopeKind {
  if (scope.owner) {
    return 'owner';
  }
  if (scope.entityRef) {
    return 'entityRef';
  }
  return 'system';
}

function CreateBaselineForm(props: CreateBaselineDialogProps) {
  const { initialScope, onClose, onCreated } = props;
  const releasesApi = useApi(releasesApiRef);
  const titleId = useId();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ScopeKind>(initialKind(initialScope));
  const [refs, setRefs] = useState<Record<ScopeKind, string>>({
    system: initialScope.system ?? '',
    owner: initialScope.owner ?? '',
    entityRef: initialScope.entityRef ?? '',
  });
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const ref = refs[kind];
  const kindLabel = SCOPE_KIND_LABELS[kind];
  const nameError = touched && !name.trim() ? 'Give the baseline a name' : '';
  const refError =
    touched && !ref ? `Choose the ${kindLabel.toLocaleLowerCase('en-US')}` : '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim() || !ref) {
      return;
    }
    setSubmitting(true);
    setFailure(undefined);
    try {
      const scope = { [kind]: ref } as BaselineScope;
      onCreated(await releasesApi.createBaseline(name.trim(), scope));
    } catch (e) {
      setFailure(errorMessage(e));
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>Create baseline</DialogTitle>
        <DialogContent>
          <DialogContentText>
            A baseline records the version every component in its scope runs in
            every environment right now, so you can later see what changed.
          </DialogContentText>
          {failure && (
            <Alert severity="error" style={{ marginBottom: 16 }}>
              Could not create the baseline: {failure}
            </Alert>
          )}
          <TextField
            id="baseline-name"
            label="Name"
            placeholder="e.g. Before the year-end freeze"
            value={name}
            onChange={e => setName(e.target.value)}
            error={Boolean(nameError)}
            helperText={nameError || undefined}
            required
            fullWidth
            margin="normal"
            variant="outlined"
            inputProps={{ maxLength: 200 }}
          />
          <FormControl component="fieldset" margin="normal">
            <FormLabel component="legend">Scope</FormLabel>
            <RadioGroup
              row
              name="baseline-scope"
              value={kind}
              onChange={e => setKind(e.target.value as ScopeKind)}
            >
              {(Object.keys(SCOPE_KIND_LABELS) as ScopeKind[]).map(k => (
                <FormControlLabel
                  key={k}
                  value={k}
                  control={<Radio color="primary" />}
                  label={SCOPE_KIND_LABELS[k]}
                />
              ))}
            </RadioGroup>
          </FormControl>
          <EntityRefPicker
            key={kind}
            id="baseline-scope-ref"
            kind={CATALOG_KIND[kind]}
            label={kindLabel}
            value={ref}
            onChange={value =>
              setRefs(current => ({ ...current, [kind]: value }))
            }
            error={Boolean(refError)}
            helperText={refError || undefined}
            size="medium"
            margin="dense"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={submitting}
            startIcon={
              submitting ? (
                <CircularProgress size={16} aria-hidden />
              ) : undefined
            }
          >
            Create baseline
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
