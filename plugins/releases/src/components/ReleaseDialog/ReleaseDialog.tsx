import { FormEvent, useCallback, useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Autocomplete, {
  createFilterOptions,
} from '@material-ui/lab/Autocomplete';
import { useApi } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  Release,
  RELEASE_TYPES,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { PlanWarningsAlert, usePlanWarnings } from '../Calendar/PlanWarnings';
import {
  errorMessage,
  responseStatus,
  staleRevisionOf,
} from '../shared/errors';
import { humanizeRef, localZoneName, typeLabel } from '../shared/format';
import {
  emptyFormValues,
  FieldErrors,
  formValuesOf,
  normalizeRef,
  parseServerFieldErrors,
  ReleaseFormValues,
  toCreateRequest,
  toUpdateRequest,
  validateForm,
} from './releaseForm';

export interface ReleaseDialogProps {
  open: boolean;
  /** The release to edit; without it the dialog plans a new release. */
  release?: Release;
  /** Initial values when planning a new release. */
  prefill?: Partial<ReleaseFormValues>;
  onClose: () => void;
  onSaved: (release: Release) => void;
}

/** Create or edit a release; mounts its form fresh every time it opens. */
export function ReleaseDialog(props: ReleaseDialogProps) {
  return props.open ? <ReleaseDialogForm {...props} /> : null;
}

const CATALOG_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
];

function titlesByRef(entities: Entity[]): Map<string, string | undefined> {
  return new Map(
    entities.map(entity => [stringifyEntityRef(entity), entity.metadata.title]),
  );
}

/** Lets people find an entity by its title as well as by its ref. */
function filterByRefOrTitle(
  titles: Map<string, string | undefined> | undefined,
) {
  return createFilterOptions<string>({
    stringify: ref => `${ref} ${titles?.get(ref) ?? ''}`,
  });
}

function RefOption(props: { entityRef: string; title?: string }) {
  return (
    <Box>
      <Typography variant="body2">
        {props.title ?? humanizeRef(props.entityRef)}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {props.entityRef}
      </Typography>
    </Box>
  );
}

function ReleaseDialogForm(props: ReleaseDialogProps) {
  const { onClose, onSaved, prefill } = props;
  const releasesApi = useApi(releasesApiRef);
  const catalogApi = useApi(catalogApiRef);
  const titleId = useId();

  const [release, setRelease] = useState(props.release);
  const isEdit = Boolean(release);
  const initialValues = useMemo(
    () => (release ? formValuesOf(release) : emptyFormValues(prefill)),
    [release, prefill],
  );
  const [values, setValues] = useState<ReleaseFormValues>(initialValues);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [stale, setStale] = useState<{ currentRevision?: number }>();
  const [submitting, setSubmitting] = useState(false);
  const plan = usePlanWarnings(values, release?.id);
  // A new array on every render would make the Autocomplete clear what the
  // user is typing whenever anything else re-renders the dialog.
  const selectedComponentRefs = useMemo(
    () => values.components.map(c => c.entityRef),
    [values.components],
  );

  const catalog = useAsync(async () => {
    const [groups, components] = await Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'Group' },
        fields: CATALOG_FIELDS,
      }),
      catalogApi.getEntities({
        filter: { kind: 'Component' },
        fields: CATALOG_FIELDS,
      }),
    ]);
    return {
      groups: titlesByRef(groups.items),
      components: titlesByRef(components.items),
    };
  }, [catalogApi]);

  const environments = useAsync(async () => {
    const { items } = await releasesApi.listEnvironments();
    return [...items].sort((a, b) => a.order - b.order);
  }, [releasesApi]);

  const setField = useCallback(
    <K extends keyof ReleaseFormValues>(key: K, value: ReleaseFormValues[K]) =>
      setValues(current => ({ ...current, [key]: value })),
    [],
  );

  const setComponents = (refs: string[]) =>
    setValues(current => ({
      ...current,
      components: [...new Set(refs.map(ref => normalizeRef(ref, 'component')))]
        .filter(Boolean)
        .map(entityRef => ({
          entityRef,
          version:
            current.components.find(c => c.entityRef === entityRef)?.version ??
            '',
        })),
    }));

  const setVersion = (entityRef: string, version: string) =>
    setValues(current => ({
      ...current,
      components: current.components.map(c =>
        c.entityRef === entityRef ? { ...c, version } : c,
      ),
    }));

  const toggleEnvironment = (name: string, checked: boolean) =>
    setValues(current => ({
      ...current,
      environments: checked
        ? [...current.environments, name]
        : current.environments.filter(e => e !== name),
    }));

  const reload = async () => {
    if (!release) {
      return;
    }
    try {
      const latest = await releasesApi.getRelease(release.id);
      setRelease(latest);
      setValues(formValuesOf(latest));
      setFieldErrors({});
      setFailure(undefined);
      setStale(undefined);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const onError = (error: unknown) => {
    const stillStale = isEdit ? staleRevisionOf(error) : undefined;
    if (stillStale) {
      setStale(stillStale);
      return;
    }
    const message = errorMessage(error);
    if (responseStatus(error) === 400) {
      const { fields, rest } = parseServerFieldErrors(message);
      setFieldErrors(fields);
      if (rest.length > 0) {
        setFailure(rest.join('; '));
      } else if (Object.keys(fields).length === 0) {
        setFailure(message);
      }
      return;
    }
    setFailure(message);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setStale(undefined);
    const errors = validateForm(values);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      return;
    }
    setSubmitting(true);
    try {
      if (release) {
        const patch = toUpdateRequest(values, initialValues, release.revision);
        if (!patch) {
          onClose();
          return;
        }
        const saved = await releasesApi.updateRelease(release.id, patch);
        plan.announceSaved(saved);
        onSaved(saved);
      } else {
        const saved = await releasesApi.createRelease(toCreateRequest(values));
        plan.announceSaved(saved);
        onSaved(saved);
      }
    } catch (error) {
      onError(error);
    } finally {
      setSubmitting(false);
    }
  };

  const groupRefs = [...(catalog.value?.groups.keys() ?? [])];
  const componentRefs = [...(catalog.value?.components.keys() ?? [])];

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
    >
      <form noValidate onSubmit={submit}>
        <DialogTitle id={titleId}>
          {isEdit ? 'Edit release' : 'Plan a release'}
        </DialogTitle>
        <DialogContent dividers>
          {stale && (
            <Box mb={2}>
              <Alert
                severity="warning"
                action={
                  <Button color="inherit" size="small" onClick={reload}>
                    Reload
                  </Button>
                }
              >
                Someone else changed this release while you were editing it
                {stale.currentRevision
                  ? ` (it is now at revision ${stale.currentRevision})`
                  : ''}
                . Reload to see the current version, then apply your changes
                again.
              </Alert>
            </Box>
          )}
          {failure && (
            <Box mb={2}>
              <Alert severity="error">{failure}</Alert>
            </Box>
          )}
          {catalog.error && (
            <Box mb={2}>
              <Alert severity="warning">
                Could not load groups and components from the catalog:{' '}
                {catalog.error.message}. You can still type entity refs.
              </Alert>
            </Box>
          )}
          <Grid container spacing={2}>
            <Grid item xs={12} md={8}>
              <TextField
                id={`${titleId}-title`}
                label="Title"
                value={values.title}
                onChange={e => setField('title', e.target.value)}
                error={Boolean(fieldErrors.title)}
                helperText={fieldErrors.title}
                fullWidth
                variant="outlined"
                margin="dense"
              />
            </Grid>
            <Grid item xs={12} md={4}>
              <TextField
                id={`${titleId}-type`}
                select
                label="Type"
                value={values.type}
                onChange={e => setField('type', e.target.value as ReleaseType)}
                SelectProps={{ native: true }}
                error={Boolean(fieldErrors.type)}
                helperText={fieldErrors.type}
                fullWidth
                variant="outlined"
                margin="dense"
              >
                {RELEASE_TYPES.map(type => (
                  <option key={type} value={type}>
                    {typeLabel(type)}
                  </option>
                ))}
              </TextField>
            </Grid>
            <Grid item xs={12}>
              <TextField
                id={`${titleId}-description`}
                label="Description"
                value={values.description}
                onChange={e => setField('description', e.target.value)}
                error={Boolean(fieldErrors.description)}
                helperText={fieldErrors.description ?? 'Markdown is supported.'}
                fullWidth
                multiline
                minRows={3}
                variant="outlined"
                margin="dense"
              />
            </Grid>
            <Grid item xs={12} md={6}>
              <TextField
                id={`${titleId}-planned-start`}
                label="Planned start"
                type="datetime-local"
                value={values.plannedStart}
                onChange={e => setField('plannedStart', e.target.value)}
                error={Boolean(fieldErrors.plannedStart)}
                helperText={
                  fieldErrors.plannedStart ??
                  `In your time zone (${localZoneName()}).`
                }
                InputLabelProps={{ shrink: true }}
                fullWidth
                variant="outlined"
                margin="dense"
              />
            </Grid>
            <Grid item xs={12} md={6}>
              <TextField
                id={`${titleId}-planned-end`}
                label="Planned end"
                type="datetime-local"
                value={values.plannedEnd}
                onChange={e => setField('plannedEnd', e.target.value)}
                error={Boolean(fieldErrors.plannedEnd)}
                helperText={fieldErrors.plannedEnd}
                InputLabelProps={{ shrink: true }}
                fullWidth
                variant="outlined"
                margin="dense"
              />
            </Grid>
            <Grid item xs={12}>
              <Autocomplete<string, false, false, true>
                id={`${titleId}-owner`}
                freeSolo
                options={groupRefs}
                filterOptions={filterByRefOrTitle(catalog.value?.groups)}
                loading={catalog.loading}
                value={values.owner || null}
                onChange={(_event, value) => setField('owner', value ?? '')}
                inputValue={values.owner}
                onInputChange={(_event, value) => setField('owner', value)}
                getOptionLabel={option => option}
                renderOption={option => (
                  <RefOption
                    entityRef={option}
                    title={catalog.value?.groups.get(option)}
                  />
                )}
                renderInput={params => (
                  <TextField
                    {...params}
                    label="Owner"
                    placeholder="group:default/payments-team"
                    error={Boolean(fieldErrors.owner)}
                    helperText={
                      fieldErrors.owner ??
                      'The group accountable for the release.'
                    }
                    variant="outlined"
                    margin="dense"
                  />
                )}
              />
            </Grid>
            <Grid item xs={12}>
              <Autocomplete<string, true, false, true>
                id={`${titleId}-components`}
                multiple
                freeSolo
                filterSelectedOptions
                options={componentRefs}
                filterOptions={filterByRefOrTitle(catalog.value?.components)}
                loading={catalog.loading}
                value={selectedComponentRefs}
                onChange={(_event, refs) => setComponents(refs)}
                getOptionLabel={option => option}
                renderOption={option => (
                  <RefOption
                    entityRef={option}
                    title={catalog.value?.components.get(option)}
                  />
                )}
                renderTags={(refs, getTagProps) =>
                  refs.map((ref, index) => {
                    // MUI hands out a `key` among the props; React wants it apart.
                    const { key: _key, ...tagProps } = getTagProps({
                      index,
                    }) as Record<string, unknown>;
                    return (
                      <Chip
                        key={ref}
                        size="small"
                        label={
                          catalog.value?.components.get(ref) ?? humanizeRef(ref)
                        }
                        {...tagProps}
                      />
                    );
                  })
                }
                renderInput={params => (
                  <TextField
                    {...params}
                    label="Components"
                    placeholder="Add a component"
                    error={Boolean(fieldErrors.components)}
                    helperText={
                      fieldErrors.components ??
                      'The configuration items this release changes.'
                    }
                    variant="outlined"
                    margin="dense"
                  />
                )}
              />
            </Grid>
            {values.components.map((component, index) => {
              const versionKey = `components.${index}.version`;
              return (
                <Grid
                  item
                  xs={12}
                  key={component.entityRef}
                  container
                  spacing={2}
                  alignItems="center"
                >
                  <Grid item xs={12} md={6}>
                    <Typography variant="body2">
                      {catalog.value?.components.get(component.entityRef) ??
                        humanizeRef(component.entityRef)}
                    </Typography>
                    <Typography variant="caption" color="textSecondary">
                      {component.entityRef}
                    </Typography>
                  </Grid>
                  <Grid item xs={12} md={6}>
                    <TextField
                      id={`${titleId}-version-${index}`}
                      label="Version"
                      placeholder="e.g. 2.4.0"
                      value={component.version}
                      onChange={e =>
                        setVersion(component.entityRef, e.target.value)
                      }
                      inputProps={{
                        'aria-label': `Version of ${component.entityRef}`,
                      }}
                      error={Boolean(fieldErrors[versionKey])}
                      helperText={fieldErrors[versionKey]}
                      fullWidth
                      variant="outlined"
                      margin="dense"
                      size="small"
                    />
                  </Grid>
                </Grid>
              );
            })}
            <Grid item xs={12}>
              <FormControl
                component="fieldset"
                error={Boolean(fieldErrors.environments)}
              >
                <FormLabel component="legend">Environments</FormLabel>
                {environments.loading && <CircularProgress size={20} />}
                <FormGroup row>
                  {environments.value?.map(environment => (
                    <FormControlLabel
                      key={environment.name}
                      label={environment.name}
                      control={
                        <Checkbox
                          color="primary"
                          checked={values.environments.includes(
                            environment.name,
                          )}
                          onChange={e =>
                            toggleEnvironment(
                              environment.name,
                              e.target.checked,
                            )
                          }
                        />
                      }
                    />
                  ))}
                </FormGroup>
                <FormHelperText>
                  {fieldErrors.environments ??
                    (environments.error
                      ? `Could not load the environments: ${errorMessage(
                          environments.error,
                        )}`
                      : 'Where the release will be deployed.')}
                </FormHelperText>
              </FormControl>
            </Grid>
          </Grid>
          <PlanWarningsAlert warnings={plan.warnings} />
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
          >
            {isEdit ? 'Save' : 'Create'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
