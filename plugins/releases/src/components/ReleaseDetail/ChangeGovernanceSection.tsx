import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Link } from '@backstage/core-components';
import { Release } from '@backstage-itsm/plugin-releases-common';

/**
 * How the release is governed: the standard change it was planned from (and
 * whether it still qualifies) and its rollback plan.
 */
export function ChangeGovernanceSection(props: { release: Release }) {
  const { standardChange, rollbackPlan } = props.release;
  return (
    <Grid item xs={12}>
      <InfoCard
        title="Change governance"
        titleTypographyProps={{ component: 'h3' }}
      >
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <Typography variant="subtitle2" component="h4" gutterBottom>
              Change model
            </Typography>
            {standardChange ? (
              <>
                <Box mb={1}>
                  <Chip
                    size="small"
                    color={standardChange.qualifies ? 'primary' : 'default'}
                    label={
                      standardChange.qualifies
                        ? `Standard change: ${standardChange.name}`
                        : `Normal change (was ${standardChange.name})`
                    }
                  />
                </Box>
                <Typography variant="body2">
                  {standardChange.qualifies
                    ? `Pre-approved by the template "${standardChange.name}": it needs no approval and skips the CAB. ${standardChange.reason}`
                    : `Planned from the standard change "${standardChange.name}" but it became a normal change: ${standardChange.reason}`}
                </Typography>
              </>
            ) : (
              <Typography variant="body2">
                Normal change: it needs the approvals the policies ask for.
              </Typography>
            )}
          </Grid>
          <Grid item xs={12} md={6}>
            <Typography variant="subtitle2" component="h4" gutterBottom>
              Rollback plan
            </Typography>
            {rollbackPlan ? (
              <>
                <Typography
                  variant="body2"
                  style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                >
                  {rollbackPlan.text}
                </Typography>
                {rollbackPlan.link && (
                  <Typography variant="body2">
                    <Link to={rollbackPlan.link}>Rollback runbook</Link>
                  </Typography>
                )}
              </>
            ) : (
              <Typography variant="body2" color="textSecondary">
                No rollback plan yet. Edit the release to say how to undo it.
              </Typography>
            )}
          </Grid>
        </Grid>
      </InfoCard>
    </Grid>
  );
}
