import Checkbox from '@material-ui/core/Checkbox';
import CircularProgress from '@material-ui/core/CircularProgress';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  RELEASE_TYPES,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { useEnvironments } from '../../hooks';
import { EntityName, useEntityName } from '../shared/EntityName';
import { EntityRefPicker } from '../shared/EntityRefPicker';
import { errorMessage } from '../shared/errors';
import { localZoneName } from '../shared/format';
import { useLabels } from '../shared/labels';
import { ReleaseForm } from './useReleaseForm';

export interface SectionProps {
  form: ReleaseForm;
  /** Prefix of the inputs' ids, unique per dialog. */
  id: string;
}

/** Title, type and description. */
export function ReleaseBasicsSection(props: SectionProps) {
  const { form, id } = props;
  const { values, fieldErrors, setField } = form;
  const labels = useLabels();
  return (
    <>
      <Grid item xs={12} md={8}>
        <TextField
          id={`${id}-title`}
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
          id={`${id}-type`}
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
              {labels.type(type)}
            </option>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={12}>
        <TextField
          id={`${id}-description`}
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
    </>
  );
}

/** The planned window, entered in the viewer's zone. */
export function ReleaseScheduleSection(props: SectionProps) {
  const { form, id } = props;
  const { values, fieldErrors, setField } = form;
  return (
    <>
      <Grid item xs={12} md={6}>
        <TextField
          id={`${id}-planned-start`}
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
          id={`${id}-planned-end`}
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
    </>
  );
}

function ComponentVersion(props: {
  form: ReleaseForm;
  id: string;
  index: number;
  entityRef: string;
  version: string;
}) {
  const { form, id, index, entityRef, version } = props;
  const name = useEntityName(entityRef, 'component');
  const error = form.fieldErrors[`components.${index}.version`];
  return (
    <Grid item xs={12} container spacing={2} alignItems="center">
      <Grid item xs={12} md={6}>
        <Typography variant="body2">
          <EntityName entityRef={entityRef} defaultKind="component" />
        </Typography>
      </Grid>
      <Grid item xs={12} md={6}>
        <TextField
          id={`${id}-version-${index}`}
          label="Version"
          placeholder="e.g. 2.4.0"
          value={version}
          onChange={e => form.setVersion(entityRef, e.target.value)}
          inputProps={{ 'aria-label': `Version of ${name}` }}
          error={Boolean(error)}
          helperText={error}
          fullWidth
          variant="outlined"
          margin="dense"
          size="small"
        />
      </Grid>
    </Grid>
  );
}

/** The owning group, the components the release changes and their versions. */
export function ReleaseScopeSection(props: SectionProps) {
  const { form, id } = props;
  const { values, fieldErrors, setField, setComponents } = form;
  return (
    <>
      <Grid item xs={12}>
        <EntityRefPicker
          id={`${id}-owner`}
          kind="Group"
          label="Owner"
          placeholder="e.g. Payments Team"
          freeSolo
          value={values.owner}
          onChange={owner => setField('owner', owner)}
          error={Boolean(fieldErrors.owner)}
          helperText={
            fieldErrors.owner ?? 'The group accountable for the release.'
          }
          size="medium"
          margin="dense"
        />
      </Grid>
      <Grid item xs={12}>
        <EntityRefPicker
          id={`${id}-components`}
          kind="Component"
          multiple
          label="Components"
          placeholder="Add a component"
          freeSolo
          value={values.components.map(c => c.entityRef)}
          onChange={setComponents}
          error={Boolean(fieldErrors.components)}
          helperText={
            fieldErrors.components ??
            'The configuration items this release changes.'
          }
          size="medium"
          margin="dense"
        />
      </Grid>
      {values.components.map((component, index) => (
        <ComponentVersion
          key={component.entityRef}
          form={form}
          id={id}
          index={index}
          entityRef={component.entityRef}
          version={component.version}
        />
      ))}
    </>
  );
}

/** Where the release will be deployed, from the configured environments. */
export function ReleaseEnvironmentsSection(props: SectionProps) {
  const { form } = props;
  const { values, fieldErrors, toggleEnvironment } = form;
  const environments = useEnvironments();
  let help = 'Where the release will be deployed.';
  if (fieldErrors.environments) {
    help = fieldErrors.environments;
  } else if (environments.error) {
    help = `Could not load the environments: ${errorMessage(
      environments.error,
    )}`;
  }
  return (
    <Grid item xs={12}>
      <FormControl
        component="fieldset"
        error={Boolean(fieldErrors.environments)}
      >
        <FormLabel component="legend">Environments</FormLabel>
        {environments.loading && !environments.value && (
          <CircularProgress size={20} />
        )}
        <FormGroup row>
          {environments.value?.map(environment => (
            <FormControlLabel
              key={environment.name}
              label={environment.name}
              control={
                <Checkbox
                  color="primary"
                  checked={values.environments.includes(environment.name)}
                  onChange={e =>
                    toggleEnvironment(environment.name, e.target.checked)
                  }
                />
              }
            />
          ))}
        </FormGroup>
        <FormHelperText>{help}</FormHelperText>
      </FormControl>
    </Grid>
  );
}
