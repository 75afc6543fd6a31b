import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { useReleasesT } from '../shared/labels';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import { DryRunForm } from './DryRunForm';
import { PolicyList } from './PolicyList';

function PoliciesContent() {
  const releasesApi = useApi(releasesApiRef);
  const state = useLoader(() => releasesApi.getPolicies(), [releasesApi]);

  if (state.error) {
    return <ResponseErrorPanel error={state.error} />;
  }
  if (!state.value) {
    return <Progress />;
  }
  const { policies, separationOfDuties } = state.value;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" gridGap={8} flexWrap="wrap">
          <Chip
            size="small"
            color={separationOfDuties ? 'primary' : 'default'}
            label={`Separation of duties: ${separationOfDuties ? 'on' : 'off'}`}
          />
          <Typography variant="body2" color="textSecondary">
            {separationOfDuties
              ? 'Nobody approves a release they created. All matching policies apply, and each person counts once per release.'
              : 'Whoever created a release may approve it too. All matching policies apply, and each person counts once per release.'}
          </Typography>
        </Box>
      </Grid>
      <Grid item xs={12}>
        <PolicyList policies={policies} />
      </Grid>
      <Grid item xs={12}>
        <DryRunForm
          policies={policies}
          separationOfDuties={separationOfDuties}
        />
      </Grid>
    </Grid>
  );
}

/** `/releases/policies`: the approval policies in effect and a dry run of candidates. */
export function PoliciesPage() {
  const t = useReleasesT();
  return (
    <ReleasesPageLayout
      title={t('pages.policies.title')}
      subtitle={t('pages.policies.subtitle')}
    >
      <PoliciesContent />
    </ReleasesPageLayout>
  );
}
