import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { ApprovalsCard } from '../Approvals';
import { BlastRadiusCard } from '../Impact';
import { IncidentsCard, ReviewCard } from '../Review';
import { RiskCard } from '../Risk';
import { ReleaseDialog } from '../ReleaseDialog';
import { errorMessage } from '../shared/errors';
import { PhaseChip, TypeChip } from '../shared/ReleaseChips';
import {
  formatDateTime,
  localZoneName,
  phaseLabel,
  typeLabel,
} from '../shared/format';
import { cancelledInPhase } from './describeEvent';
import { PhaseStepper } from './PhaseStepper';
import { ReleaseActions } from './ReleaseActions';
import { ReleaseHistory } from './ReleaseHistory';

const HISTORY_PAGE_SIZE = 100;

function Field(props: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <Grid item xs={12} sm={props.wide ? 12 : 6}>
      <Typography variant="overline" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Grid>
  );
}

function ReleaseFields(props: { release: Release }) {
  const { release } = props;
  return (
    <Grid container spacing={2}>
      <Field label="Type">{typeLabel(release.type)}</Field>
      <Field label="Phase">{phaseLabel(release.phase)}</Field>
      <Field label="Owner">
        <EntityRefLink entityRef={release.owner} defaultKind="group" />
      </Field>
      <Field label="Created by">
        <EntityRefLink entityRef={release.createdBy} defaultKind="user" />
        {` on ${formatDateTime(release.createdAt)}`}
      </Field>
      <Field label="Planned start">
        {formatDateTime(release.plannedStart)}
      </Field>
      <Field label="Planned end">{formatDateTime(release.plannedEnd)}</Field>
      <Field label="Actual start">{formatDateTime(release.actualStart)}</Field>
      <Field label="Actual end">{formatDateTime(release.actualEnd)}</Field>
      <Field label="Components" wide>
        {release.components.length === 0 ? (
          'None'
        ) : (
          <Box component="ul" m={0} pl={2}>
            {release.components.map(component => (
              <li key={component.entityRef}>
                <EntityRefLink
                  entityRef={component.entityRef}
                  defaultKind="component"
                />
                {component.version
                  ? ` → ${component.version}`
                  : ' (no version given)'}
              </li>
            ))}
          </Box>
        )}
      </Field>
      <Field label="Environments" wide>
        {release.environments.length > 0
          ? release.environments.join(', ')
          : 'None'}
      </Field>
      <Field label="Description" wide>
        {release.description ? (
          <MarkdownContent content={release.description} />
        ) : (
          'No description.'
        )}
      </Field>
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          Times are shown in your time zone ({localZoneName()}).
        </Typography>
      </Grid>
    </Grid>
  );
}

export interface ReleaseDetailProps {
  releaseId: string;
}

/** One release: its phase, fields, the moves it allows and its history. */
export function ReleaseDetail(props: ReleaseDetailProps) {
  const { releaseId } = props;
  const releasesApi = useApi(releasesApiRef);
  const [editing, setEditing] = useState(false);

  const releaseState = useAsyncRetry(
    () => releasesApi.getRelease(releaseId),
    [releasesApi, releaseId],
  );
  const eventsState = useAsyncRetry(
    () =>
      releasesApi.listReleaseEvents(releaseId, {
        order: 'desc',
        limit: HISTORY_PAGE_SIZE,
      }),
    [releasesApi, releaseId],
  );

  const refresh = () => {
    releaseState.retry();
    eventsState.retry();
  };

  if (releaseState.error) {
    return <ResponseErrorPanel error={releaseState.error} />;
  }
  const release = releaseState.value;
  if (!release) {
    return <Progress />;
  }

  const events = eventsState.value?.items ?? [];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          flexWrap="wrap"
          justifyContent="space-between"
          alignItems="flex-start"
          gridGap={16}
        >
          <Box>
            <Typography variant="h4" component="h2">
              {release.title}
            </Typography>
            <Box display="flex" gridGap={8} mt={1}>
              <TypeChip type={release.type} />
              <PhaseChip phase={release.phase} />
            </Box>
          </Box>
          <ReleaseActions
            release={release}
            onEdit={() => setEditing(true)}
            onChanged={refresh}
          />
        </Box>
      </Grid>
      {release.phase === 'cancelled' && (
        <Grid item xs={12}>
          <Alert severity="warning">
            This release was cancelled
            {release.actualEnd
              ? ` on ${formatDateTime(release.actualEnd)}`
              : ''}
            .
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <Paper variant="outlined">
          <PhaseStepper
            phase={release.phase}
            cancelledIn={cancelledInPhase(events)}
          />
        </Paper>
      </Grid>
      <Grid item xs={12}>
        <ApprovalsCard release={release} onDecided={refresh} />
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Details" titleTypographyProps={{ component: 'h3' }}>
          <ReleaseFields release={release} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="History" titleTypographyProps={{ component: 'h3' }}>
          {eventsState.error && (
            <Alert severity="error">
              Could not load the history: {errorMessage(eventsState.error)}
            </Alert>
          )}
          {eventsState.loading && !eventsState.value && <Progress />}
          {eventsState.value && <ReleaseHistory events={events} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <BlastRadiusCard release={release} />
      </Grid>
      <Grid item xs={12} md={5}>
        <RiskCard release={release} />
      </Grid>
      <Grid item xs={12} md={7}>
        <ReviewCard release={release} onSubmitted={refresh} />
      </Grid>
      <Grid item xs={12}>
        <IncidentsCard release={release} />
      </Grid>
      <ReleaseDialog
        open={editing}
        release={release}
        onClose={() => {
          setEditing(false);
          // The dialog may have reloaded a newer revision; show it.
          refresh();
        }}
        onSaved={() => {
          setEditing(false);
          refresh();
        }}
      />
    </Grid>
  );
}
