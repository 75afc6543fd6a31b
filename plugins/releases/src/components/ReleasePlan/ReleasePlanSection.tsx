import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { ReleaseDetails } from '../../api';
import { useLabels } from '../shared/labels';
import { ExitCriteriaChecklist } from './ExitCriteriaChecklist';
import { ReleaseNotesCard } from './ReleaseNotesCard';
import { RolesCard } from './RolesCard';
import { SignoffsCard } from './SignoffsCard';
import { StatusUpdatesCard } from './StatusUpdatesCard';
import { TasksCard } from './TasksCard';
import { useReleaseSignoffs } from './usePlan';
import { WatchButton } from './WatchButton';

export interface ReleasePlanSectionProps {
  release: ReleaseDetails;
  /** Something in the plan changed: reload the release (its exit criteria and roles). */
  onChanged: () => void;
}

/**
 * The release's plan on its page: the current phase's exit criteria, tasks
 * and milestones, roles and sign-offs; then status updates and release notes.
 * A grid item of its own, so the page places it with one element.
 */
export function ReleasePlanSection(props: ReleasePlanSectionProps) {
  const { release, onChanged } = props;
  const labels = useLabels();
  const signoffs = useReleaseSignoffs(release.id);
  const roles = release.roles ?? [];
  const refresh = () => {
    signoffs.retry();
    onChanged();
  };

  return (
    <Grid
      item
      xs={12}
      component="section"
      aria-labelledby={`plan-${release.id}`}
    >
      <Box
        display="flex"
        justifyContent="space-between"
        alignItems="center"
        mb={2}
      >
        <Typography variant="h5" component="h2" id={`plan-${release.id}`}>
          Plan
        </Typography>
        <WatchButton target={{ releaseId: release.id }} />
      </Box>
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <InfoCard
            title={`Exit criteria of ${labels.phase(release.phase)}`}
            titleTypographyProps={{ component: 'h3' }}
          >
            {release.exitCriteria ? (
              <ExitCriteriaChecklist
                exitCriteria={release.exitCriteria}
                roles={roles}
                signoffs={signoffs.value}
              />
            ) : (
              <Typography variant="body2" color="textSecondary">
                The releases backend does not report exit criteria.
              </Typography>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={4}>
          <SignoffsCard
            release={release}
            roles={roles}
            signoffs={signoffs}
            onChanged={onChanged}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <RolesCard release={release} roles={roles} onChanged={onChanged} />
        </Grid>
        <Grid item xs={12}>
          <TasksCard release={release} onChanged={refresh} />
        </Grid>
        <Grid item xs={12} md={5}>
          <StatusUpdatesCard release={release} />
        </Grid>
        <Grid item xs={12} md={7}>
          <ReleaseNotesCard release={release} />
        </Grid>
      </Grid>
    </Grid>
  );
}
