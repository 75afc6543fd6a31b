import { ReactNode, useState } from 'react';
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
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { ReleaseDetails } from '../../api';
import { LoaderState, useRelease, useReleaseEvents } from '../../hooks';
import { ApprovalsCard } from '../Approvals';
import { BlastRadiusCard } from '../Impact';
import { IncidentsCard, ReviewCard } from '../Review';
import { RiskCard } from '../Risk';
import { ReleaseDialog } from '../ReleaseDialog';
import { ReleasePlanSection } from '../ReleasePlan';
import { errorMessage, isNotFound } from '../shared/errors';
import { PhaseChip, TypeChip } from '../shared/ReleaseChips';
import { formatDateTime, localZoneName } from '../shared/format';
import { useLabels, useReleasesT } from '../shared/labels';
import { ChangeGovernanceSection } from './ChangeGovernanceSection';
import { cancelledInPhase } from './describeEvent';
import { PhaseStepper } from './PhaseStepper';
import { ReleaseActions } from './ReleaseActions';
import { ReleaseHistory } from './ReleaseHistory';
import { ReleaseNotFound } from './ReleaseNotFound';

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
  const t = useReleasesT();
  const labels = useLabels();
  return (
    <Grid container spacing={2}>
      <Field label={t('details.type')}>{labels.type(release.type)}</Field>
      <Field label={t('details.phase')}>{labels.phase(release.phase)}</Field>
      <Field label={t('details.owner')}>
        <EntityRefLink entityRef={release.owner} defaultKind="group" />
      </Field>
      <Field label={t('details.createdBy')}>
        <EntityRefLink entityRef={release.createdBy} defaultKind="user" />
        {` ${t('details.on', { date: formatDateTime(release.createdAt) })}`}
      </Field>
      <Field label={t('details.plannedStart')}>
        {formatDateTime(release.plannedStart)}
      </Field>
      <Field label={t('details.plannedEnd')}>
        {formatDateTime(release.plannedEnd)}
      </Field>
      <Field label={t('details.actualStart')}>
        {formatDateTime(release.actualStart)}
      </Field>
      <Field label={t('details.actualEnd')}>
        {formatDateTime(release.actualEnd)}
      </Field>
      <Field label={t('details.components')} wide>
        {release.components.length === 0 ? (
          t('details.none')
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
                  : ` ${t('details.noVersion')}`}
              </li>
            ))}
          </Box>
        )}
      </Field>
      <Field label={t('details.environments')} wide>
        {release.environments.length > 0
          ? release.environments.join(', ')
          : t('details.none')}
      </Field>
      <Field label={t('details.description')} wide>
        {release.description ? (
          <MarkdownContent content={release.description} />
        ) : (
          t('details.noDescription')
        )}
      </Field>
      <Grid item xs={12}>
        <Typography variant="caption" color="textSecondary">
          {t('timeZone', { zone: localZoneName() })}
        </Typography>
      </Grid>
    </Grid>
  );
}

export interface ReleaseDetailViewProps {
  releaseId: string;
  /** The release as {@link useRelease} loads it. */
  state: LoaderState<ReleaseDetails>;
  /** Whether to repeat the title above the actions (not under a page header that shows it). */
  showTitle?: boolean;
}

/** One release: its phase, fields, the moves it allows, approvals, review and history. */
export function ReleaseDetailView(props: ReleaseDetailViewProps) {
  const { releaseId, state, showTitle = true } = props;
  const t = useReleasesT();
  const [editing, setEditing] = useState(false);
  const release = state.value;
  const events = useReleaseEvents(releaseId);

  if (!release) {
    if (state.error && isNotFound(state.error)) {
      return <ReleaseNotFound />;
    }
    if (state.error) {
      return <ResponseErrorPanel error={state.error} />;
    }
    return <Progress />;
  }

  const refresh = () => {
    state.retry();
    events.retry();
  };
  const eventItems = events.value?.items ?? [];

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
            {showTitle && (
              <Typography variant="h4" component="h2">
                {release.title}
              </Typography>
            )}
            <Box display="flex" gridGap={8} mt={showTitle ? 1 : 0}>
              <TypeChip type={release.type} />
              <PhaseChip phase={release.phase} />
            </Box>
          </Box>
          <ReleaseActions
            release={release}
            approvals={release.approvals ?? null}
            onEdit={() => setEditing(true)}
            onChanged={refresh}
          />
        </Box>
      </Grid>
      {state.error && (
        <Grid item xs={12}>
          <Alert severity="warning">
            {t('details.refreshFailed', {
              message: errorMessage(state.error),
            })}
          </Alert>
        </Grid>
      )}
      {release.phase === 'cancelled' && (
        <Grid item xs={12}>
          <Alert severity="warning">
            {release.actualEnd
              ? t('details.cancelledOn', {
                  date: formatDateTime(release.actualEnd),
                })
              : t('details.cancelled')}
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <Paper variant="outlined">
          <PhaseStepper
            phase={release.phase}
            cancelledIn={cancelledInPhase(eventItems)}
          />
        </Paper>
      </Grid>
      <ReleasePlanSection release={release} onChanged={refresh} />
      <ChangeGovernanceSection release={release} />
      <Grid item xs={12}>
        <ApprovalsCard
          release={release}
          approvals={release.approvals ?? null}
          onDecided={refresh}
        />
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard
          title={t('details.cardTitle')}
          titleTypographyProps={{ component: 'h3' }}
        >
          <ReleaseFields release={release} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard
          title={t('history.cardTitle')}
          titleTypographyProps={{ component: 'h3' }}
        >
          {events.error && (
            <Alert severity="error">
              {t('errors.loadFailed', {
                what: t('history.what'),
                message: errorMessage(events.error),
              })}
            </Alert>
          )}
          {events.loading && !events.value && <Progress />}
          {events.value && <ReleaseHistory events={eventItems} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <BlastRadiusCard release={release} />
      </Grid>
      <Grid item xs={12} md={5}>
        <RiskCard release={release} />
      </Grid>
      <Grid item xs={12} md={7}>
        <ReviewCard
          release={release}
          review={release.review ?? null}
          onSubmitted={refresh}
        />
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

export interface ReleaseDetailProps {
  releaseId: string;
}

/** One release, loaded by id and kept current by the backend's signals. */
export function ReleaseDetail(props: ReleaseDetailProps) {
  const state = useRelease(props.releaseId);
  return <ReleaseDetailView releaseId={props.releaseId} state={state} />;
}
