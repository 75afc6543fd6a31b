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
import AddIcon from '@material-ui/icons/Add';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ApprovalPolicy,
  DryRunResult,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { errorFields, errorMessage, responseStatus } from '../shared/errors';
import { localZoneName } from '../shared/format';
import { DryRunResults } from './DryRunResults';
import { PolicyEditor } from './PolicyEditor';
import {
  draftOf,
  draftsOf,
  emptyPolicy,
  parseCandidate,
  PolicyDraft,
  policyOf,
} from './policyDraft';

const DATE_FORMAT = 'yyyy-MM-dd';

const useStyles = makeStyles({
  code: {
    fontFamily:
      'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: '0.85rem',
  },
});

/** `policies.0.require.1.group` → `Policy 1, rule 2: group`. */
export function describeField(key: string): string {
  const match = /^policies\.(\d+)(?:\.require\.(\d+))?\.?(.*)$/.exec(key);
  if (!match) {
    return key;
  }
  const [, policy, rule, rest] = match;
  const where = [`Policy ${Number(policy) + 1}`];
  if (rule !== undefined) {
    where.push(`rule ${Number(rule) + 1}`);
  }
  return rest
    ? `${where.join(', ')}: ${rest.replace(/\./g, ' ')}`
    : where.join(', ');
}

/** `policies[0].require[1].group` and `policies.0.require.1.group` alike. */
function fieldKey(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

export interface DryRunFormProps {
  policies: ApprovalPolicy[];
  separationOfDuties: boolean;
}

/**
 * Replays candidate policies over past and planned releases and deployments:
 * edited in a form (starting from the policies in effect), or as JSON for
 * what the form does not cover.
 */
export function DryRunForm(props: DryRunFormProps) {
  const classes = useStyles();
  const releasesApi = useApi(releasesApiRef);
  const id = useId();
  const [drafts, setDrafts] = useState<PolicyDraft[]>(() =>
    props.policies.map(draftOf),
  );
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState('');
  const [jsonError, setJsonError] = useState<string>();
  const [separationOfDuties, setSeparationOfDuties] = useState(
    props.separationOfDuties,
  );
  const [from, setFrom] = useState(() =>
    DateTime.local().minus({ days: 90 }).toFormat(DATE_FORMAT),
  );
  const [to, setTo] = useState(() =>
    DateTime.local().plus({ days: 30 }).toFormat(DATE_FORMAT),
  );
  const [refusal, setRefusal] = useState<{
    message: string;
    fields: Record<string, string>;
  }>();
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

  const fields = refusal?.fields ?? {};
  // What the server named but the form has no field for, listed in the alert.
  const shownInForm = (key: string) =>
    mode === 'form' &&
    /^policies\.\d+\.(name|description|require\.\d+\.(group|count|owner)|reviewAfter(\.days)?|when\.(types|environments|riskLevels))$/.test(
      key,
    );
  const unplaced = Object.entries(fields).filter(([key]) => !shownInForm(key));

  const updateDraft = (index: number, draft: PolicyDraft | undefined) => {
    setDrafts(current =>
      draft
        ? current.map((d, i) => (i === index ? draft : d))
        : current.filter((_, i) => i !== index),
    );
    // A corrected field no longer shows the server's complaint.
    setRefusal(
      current =>
        current && {
          ...current,
          fields: Object.fromEntries(
            Object.entries(current.fields).filter(
              ([key]) => !key.startsWith(`policies.${index}.`),
            ),
          ),
        },
    );
  };

  const switchMode = () => {
    if (mode === 'form') {
      setJson(JSON.stringify(drafts.map(policyOf), null, 2));
      setJsonError(undefined);
      setMode('json');
      return;
    }
    const candidate = parseCandidate(json);
    const parsed =
      'error' in candidate ? undefined : draftsOf(candidate.policies);
    if (!parsed) {
      setJsonError(
        'error' in candidate
          ? `Not valid JSON: ${candidate.error}`
          : 'These policies use settings the form cannot show; keep editing them as JSON.',
      );
      return;
    }
    setDrafts(parsed);
    if (!('error' in candidate) && candidate.separationOfDuties !== undefined) {
      setSeparationOfDuties(candidate.separationOfDuties);
    }
    setMode('form');
  };

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(undefined);
    setFailure(undefined);
    let policies: unknown[];
    let sod = separationOfDuties;
    if (mode === 'json') {
      const candidate = parseCandidate(json);
      if ('error' in candidate) {
        setJsonError(`Not valid JSON: ${candidate.error}`);
        return;
      }
      setJsonError(undefined);
      policies = candidate.policies;
      sod = candidate.separationOfDuties ?? sod;
    } else {
      policies = drafts.map(policyOf);
    }
    if (rangeError) {
      return;
    }
    setBusy(true);
    try {
      setResult(
        await releasesApi.dryRunPolicies({
          policies,
          separationOfDuties: sod,
          from: fromTime.startOf('day').toUTC().toISO()!,
          to: toTime.endOf('day').toUTC().toISO()!,
        }),
      );
    } catch (e) {
      setResult(undefined);
      if (responseStatus(e) === 400) {
        const named = errorFields(e);
        setRefusal({
          message: errorMessage(e),
          fields: Object.fromEntries(
            Object.entries(named).map(([key, message]) => [
              fieldKey(key),
              message,
            ]),
          ),
        });
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
        before you change the configuration. The form starts from the policies
        in effect; nothing is saved.
      </Typography>
      <form noValidate onSubmit={run} aria-label="Dry run">
        {refusal && (
          <Box mb={2}>
            <Alert
              severity="error"
              aria-label="The server refused the candidate policies"
            >
              <AlertTitle>The candidate policies were refused</AlertTitle>
              {unplaced.length > 0 || Object.keys(fields).length === 0 ? (
                <>
                  {Object.keys(fields).length === 0 && refusal.message}
                  {unplaced.length > 0 && (
                    <Box component="ul" m={0} pl={2}>
                      {unplaced.map(([key, message]) => (
                        <li key={key}>
                          {describeField(key)} — {message}
                        </li>
                      ))}
                    </Box>
                  )}
                </>
              ) : (
                'The fields marked below need a change.'
              )}
            </Alert>
          </Box>
        )}
        {mode === 'form' ? (
          <Box display="grid" gridGap={16}>
            {drafts.map((draft, index) => (
              <PolicyEditor
                key={index}
                index={index}
                draft={draft}
                fieldErrors={fields}
                onChange={next => updateDraft(index, next)}
                onRemove={() => updateDraft(index, undefined)}
              />
            ))}
            <Box>
              <Button
                variant="outlined"
                startIcon={<AddIcon />}
                onClick={() =>
                  setDrafts(current => [...current, emptyPolicy()])
                }
              >
                Add a policy
              </Button>
            </Box>
          </Box>
        ) : (
          <TextField
            id={`${id}-policies`}
            label="Candidate policies (JSON)"
            value={json}
            onChange={e => {
              setJson(e.target.value);
              setJsonError(undefined);
            }}
            error={Boolean(jsonError)}
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
        )}
        <Box mt={1}>
          <Button size="small" onClick={switchMode}>
            {mode === 'form' ? 'Advanced: edit as JSON' : 'Back to the form'}
          </Button>
        </Box>
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
              setDrafts(props.policies.map(draftOf));
              setSeparationOfDuties(props.separationOfDuties);
              setMode('form');
              setJsonError(undefined);
              setRefusal(undefined);
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
