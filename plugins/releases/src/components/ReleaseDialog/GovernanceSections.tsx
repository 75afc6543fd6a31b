import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { errorMessage } from '../shared/errors';
import { useLabels } from '../shared/labels';
import { SectionProps } from './ReleaseFormSections';

/**
 * The catalogue of standard changes: picking one plans a pre-approved change
 * with the template's components and environments.
 */
export function StandardChangeSection(props: SectionProps) {
  const { form, id } = props;
  const { values, fieldErrors, applyStandardChange } = form;
  const releasesApi = useApi(releasesApiRef);
  const labels = useLabels();
  const catalogue = useLoader(
    () => releasesApi.listStandardChanges(),
    [releasesApi],
  );
  const templates = catalogue.value?.items ?? [];
  const chosen = templates.find(t => t.name === values.standardChange);
  if (catalogue.value && templates.length === 0) {
    return null;
  }
  let help =
    'A standard change is pre-approved: within its template it needs no approval and skips the CAB.';
  if (fieldErrors.standardChange) {
    help = fieldErrors.standardChange;
  } else if (catalogue.error) {
    help = `Could not load the standard changes: ${errorMessage(
      catalogue.error,
    )}`;
  }
  return (
    <>
      <Grid item xs={12}>
        <TextField
          id={`${id}-standard-change`}
          select
          label="Standard change"
          value={values.standardChange}
          onChange={e =>
            applyStandardChange(templates.find(t => t.name === e.target.value))
          }
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          error={Boolean(fieldErrors.standardChange || catalogue.error)}
          helperText={help}
          fullWidth
          variant="outlined"
          margin="dense"
        >
          <option value="">None: a normal change</option>
          {templates.map(template => (
            <option key={template.name} value={template.name}>
              {template.name}
            </option>
          ))}
        </TextField>
      </Grid>
      {chosen && (
        <Grid item xs={12}>
          <Alert severity="info">
            <AlertTitle>{chosen.name}</AlertTitle>
            <Typography variant="body2" paragraph>
              {chosen.description}
            </Typography>
            <Typography variant="body2">
              Pre-approved for {chosen.environments.join(', ')} up to{' '}
              {labels.riskLevel(chosen.maxRiskLevel).toLocaleLowerCase('en-US')}{' '}
              risk. If the release touches anything outside the template or its
              risk is higher, it becomes a normal change and says why.
            </Typography>
            {chosen.checklist.length > 0 && (
              <>
                <Typography variant="body2">Check before deploying:</Typography>
                <ul style={{ margin: 0 }}>
                  {chosen.checklist.map(item => (
                    <li key={item}>{item}</li>
                  ))}
                </ul>
              </>
            )}
          </Alert>
        </Grid>
      )}
    </>
  );
}

/** How to undo the release: a text and an optional runbook link. */
export function RollbackPlanSection(props: SectionProps) {
  const { form, id } = props;
  const { values, fieldErrors, setField } = form;
  return (
    <>
      <Grid item xs={12} md={8}>
        <TextField
          id={`${id}-rollback-text`}
          label="Rollback plan"
          value={values.rollbackText}
          onChange={e => setField('rollbackText', e.target.value)}
          error={Boolean(fieldErrors.rollbackText)}
          helperText={
            fieldErrors.rollbackText ??
            'How to undo the release. Some policies require one before deploy.'
          }
          fullWidth
          multiline
          minRows={2}
          variant="outlined"
          margin="dense"
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <TextField
          id={`${id}-rollback-link`}
          label="Rollback runbook link (optional)"
          placeholder="https://"
          value={values.rollbackLink}
          onChange={e => setField('rollbackLink', e.target.value)}
          error={Boolean(fieldErrors.rollbackLink)}
          helperText={fieldErrors.rollbackLink}
          fullWidth
          variant="outlined"
          margin="dense"
        />
      </Grid>
    </>
  );
}
