import { useId } from 'react';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { MetricsValues } from '@backstage-itsm/plugin-releases-common';
import {
  BucketSize,
  formatCount,
  formatHours,
  formatMinutes,
  formatRate,
  perBucket,
} from './metricsFormat';

const useStyles = makeStyles(theme => ({
  tile: {
    height: '100%',
    padding: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  compactTile: {
    height: '100%',
    padding: theme.spacing(1, 1.5),
    display: 'flex',
    flexDirection: 'column',
  },
  value: {
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.2,
  },
}));

export interface Kpi {
  label: string;
  value: string;
  detail: string;
}

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** The headline figures of a range, with a line saying what each is made of. */
export function kpisOf(
  totals: MetricsValues,
  bucketCount: number,
  bucket: BucketSize,
): Kpi[] {
  return [
    {
      label: 'Release frequency',
      value: formatCount(totals.releases),
      detail: `${perBucket(
        totals.releases,
        bucketCount,
      )} per ${bucket} · releases that entered Deploy`,
    },
    {
      label: 'Deployment frequency (production)',
      value: formatCount(totals.productionDeployments),
      detail: `${perBucket(
        totals.productionDeployments,
        bucketCount,
      )} per ${bucket} · successful deployments to production`,
    },
    {
      label: 'Change success rate',
      value: formatRate(totals.changeSuccessRate),
      detail:
        totals.reviewedReleases > 0
          ? `${formatCount(totals.successfulReleases)} of ${plural(
              totals.reviewedReleases,
              'reviewed release',
              'reviewed releases',
            )} successful`
          : 'No reviewed releases in this range',
    },
    {
      label: 'Change failure rate',
      value: formatRate(totals.changeFailureRate),
      detail:
        totals.productionDeployments > 0
          ? `${formatCount(
              totals.productionDeploymentsWithIncident,
            )} of ${plural(
              totals.productionDeployments,
              'production deployment',
              'production deployments',
            )} caused an incident`
          : 'No production deployments in this range',
    },
    {
      label: 'Incidents after release',
      value: formatCount(totals.incidentsAfterRelease),
      detail: `of ${plural(
        totals.incidents,
        'incident',
        'incidents',
      )} in this range`,
    },
    {
      label: 'MTTR (mean)',
      value: formatMinutes(totals.meanTimeToRecoveryMinutes),
      detail:
        totals.meanTimeToRecoveryMinutes === null
          ? 'No resolved incidents in this range'
          : 'Mean time from an incident opening to its resolution',
    },
    {
      label: 'MTTR (median)',
      value: formatMinutes(totals.medianTimeToRecoveryMinutes),
      detail:
        totals.medianTimeToRecoveryMinutes === null
          ? 'No resolved incidents in this range'
          : 'Half of the resolved incidents recovered faster',
    },
    {
      label: 'Lead time',
      value: formatHours(totals.meanLeadTimeHours),
      detail:
        totals.meanLeadTimeHours === null
          ? 'No release entered Deploy in this range'
          : 'Mean time from a release being created to it entering Deploy',
    },
  ];
}

function KpiTile(props: { kpi: Kpi; compact?: boolean }) {
  const { kpi, compact } = props;
  const classes = useStyles();
  const labelId = useId();
  return (
    <Paper
      variant="outlined"
      role="group"
      aria-labelledby={labelId}
      title={compact ? kpi.detail : undefined}
      className={compact ? classes.compactTile : classes.tile}
    >
      <Typography
        id={labelId}
        variant={compact ? 'caption' : 'body2'}
        color="textSecondary"
      >
        {kpi.label}
      </Typography>
      <Typography
        variant={compact ? 'h6' : 'h4'}
        component="div"
        className={classes.value}
      >
        {kpi.value}
      </Typography>
      {!compact && (
        <Typography variant="caption" color="textSecondary">
          {kpi.detail}
        </Typography>
      )}
    </Paper>
  );
}

export interface KpiTilesProps {
  totals: MetricsValues;
  bucketCount: number;
  bucket: BucketSize;
  /** Small tiles without their explanation, for an entity's overview. */
  compact?: boolean;
}

export function KpiTiles(props: KpiTilesProps) {
  const { totals, bucketCount, bucket, compact } = props;
  return (
    <Grid container spacing={compact ? 1 : 2}>
      {kpisOf(totals, bucketCount, bucket).map(kpi => (
        <Grid
          item
          key={kpi.label}
          xs={compact ? 6 : 12}
          sm={compact ? 4 : 6}
          md={compact ? 3 : 3}
        >
          <KpiTile kpi={kpi} compact={compact} />
        </Grid>
      ))}
    </Grid>
  );
}
