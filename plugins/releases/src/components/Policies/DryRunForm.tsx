import { FormEvent, useId, useState } from 'react';
import { DateTime } from 'luxon';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ApprovalPolicy,
  DryRunResult,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { errorMessage, responseStatus } from '../shared/errors';
import { localZoneName } from '../shared/format';
import { DryRunResults } from './DryRunResults';

const DATE_FORMAT = 'yyyy-MM-dd';

const useStyles = makeStyles({
  code: {
    fontFamily:
      'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: '0.85rem',
  },
});

/** Reads the textarea: a list of policies, or `{ policies, separationOfDuties }`. */
export function parseCandidate(
  text: string,
): { policies: unknown[]; separationOfDuties?: boolean } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (Array.isArray(parsed)) {
    return { policies: parsed };
  }
  if (
    parsed &&
    typeof parsed === 'object' &&
    Array.isArray((parsed as { policies?: unknown }).policies)
  ) {
    const { policies, separationOfDuties } = parsed as {
      policies: unknown[];
      separationOfDuties?: unknown;
    };
    return typeof separationOfDuties === 'boolean'
      ? { policies, separationOfDuties }
      : { policies };
  }
  return {
    error:
      'Expected a JSON list of policies, e.g. [{ "name": …, "when": …, "require": […] }].',
  };
}

export interface DryRunFormProps {
  policies: ApprovalPolicy[];
  separationOfDuties: boolean;
}

/** Replays candidate policies over past and planned releases and deployments. */
export function DryRunForm(props: DryRunFormProps) {
  const classes = useStyles();
  const releasesApi = useApi(releasesApiRef);
  const id = useId();
  const [text, setText] = useState(() =>
    JSON.stringify(props.policies, null, 2),
  );
  const [separationOfDuties, setSeparationOfDuties] = useState(
    props.separationOfDuties,
  );
  const [from, setFrom] = useState(() =>
    DateTime.local().minus({ days: 90 }).toFormat(DATE_FORMAT),
  );
  const [to, setTo] = useState(() =>
    DateTime.local().plus({ days: 30 }).toFormat(DATE_FORMAT),
  );
  const [jsonError, setJsonError] = useState<string>();
  const [serverError, setServerError] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DryRunResult>();

  const fromTime = DateTime.fromISO(from);
  const toTime = DateTime.fromISO(to);
  let rangeError: string | undefined;
  if (!fromTime.isValid || !toTime.isValid) {
    rangeError = 'Enter both dates.';
  } else if (toTime < fromTime) {
    rangeError = 'To must be on or after From.';
  }

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setServerError(undefined);
    setFailure(undefined);
    const candidate = parseCandidate(text);
    if ('error' in candidate) {
      setJsonError(candidate.error);
      return;
    }
    setJsonError(undefined);
    if (rangeError) {
      return;
    }
    setBusy(true);
    try {
      setResult(
        await releasesApi.dryRunPolicies({
          policies: candidate.policies,
          separationOfDuties:
            candidate.separationOfDuties ?? separationOfDuties,
          from: fromTime.startOf('day').toUTC().toISO()!,
          to: toTime.endOf('day').toUTC().toISO()!,
        }),
      );
    } catch (e) {
      setResult(undefined);
      if (responseStatus(e) === 400) {
        setServerError(errorMessage(e));
      } else {
        setFailure(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title="Dry run" titleTypographyProps={{ component: 'h2' }}>
      <Typography variant="body2" paragraph>
        Try candidate policies on the releases and deployments of a date range
        before you change the configuration. Nothing is saved.
      </Typography>
      <form noValidate onSubmit={run} aria-label="Dry run">
        <TextField
          id={`${id}-policies`}
          label="Candidate policies (JSON)"
          value={text}
          onChange={e => {
            setText(e.target.value);
            setJsonError(undefined);
          }}
          error={Boolean(jsonError || serverError)}
          helperText={
            jsonError ??
            'A JSON list of policies in the same shape as releases.approvalPolicies in app-config.'
          }
          fullWidth
          multiline
          minRows={10}
          maxRows={24}
          variant="outlined"
          margin="normal"
          inputProps={{ className: classes.code, spellCheck: false }}
        />
        {serverError && (
          <Alert
            severity="error"
            aria-label="The server refused the candidate policies"
          >
            {serverError}
          </Alert>
        )}
        <Grid container spacing={2} alignItems="flex-start">
          <Grid item xs={12} sm={4} md={3}>
            <TextField
              id={`${id}-from`}
              label="From"
              type="date"
              value={from}
              onChange={e => setFrom(e.target.value)}
              helperText={`From the start of the day (${localZoneName()})`}
              InputLabelProps={{ shrink: true }}
              fullWidth
              margin="normal"
            />
          </Grid>
          <Grid item xs={12} sm={4} md={3}>
            <TextField
              id={`${id}-to`}
              label="To"
              type="date"
              value={to}
              onChange={e => setTo(e.target.value)}
              error={Boolean(rangeError)}
              helperText={
                rangeError ?? `To the end of the day (${localZoneName()})`
              }
              InputLabelProps={{ shrink: true }}
              fullWidth
              margin="normal"
            />
          </Grid>
          <Grid item xs={12} sm={4} md={6}>
            <Box pt={3}>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={separationOfDuties}
                    onChange={e => setSeparationOfDuties(e.target.checked)}
                    color="primary"
                  />
                }
                label="Separation of duties"
              />
            </Box>
          </Grid>
        </Grid>
        <Box display="flex" alignItems="center" gridGap={16} mt={1}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={busy || Boolean(rangeError)}
          >
            Run dry run
          </Button>
          <Button
            onClick={() => {
              setText(JSON.stringify(props.policies, null, 2));
              setSeparationOfDuties(props.separationOfDuties);
              setJsonError(undefined);
              setServerError(undefined);
            }}
            disabled={busy}
          >
            Reset to the policies in effect
          </Button>
        </Box>
      </form>
      {busy && (
        <Box mt={2}>
          <Progress />
        </Box>
      )}
      {failure && (
        <Box mt={2}>
          <Alert severity="error">The dry run failed: {failure}</Alert>
        </Box>
      )}
      {result && !busy && <DryRunResults result={result} />}
    </InfoCard>
  );
}
