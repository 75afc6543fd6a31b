import { useMemo } from 'react';
import { DateTime } from 'luxon';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { Line, LineChart, YAxis } from 'recharts';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { MetricsBucket } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { ScopeOptions } from '../../api/ReleasesApi';
import { useLoader } from '../../hooks';
import { metricsRouteRef } from '../../routes';
import { errorMessage } from '../shared/errors';
import { useReleasesT } from '../shared/labels';
import { KpiTiles } from './KpiTiles';
import { bucketLabel } from './metricsFormat';
import { metricsSearch } from './metricsParams';

const CARD_DAYS = 90;

/** Whose releases an entity's KPIs count: a component's, a system's or a group's. */
export function metricsScopeFor(entity: Entity): ScopeOptions {
  const ref = stringifyEntityRef(entity);
  switch (entity.kind.toLocaleLowerCase('en-US')) {
    case 'system':
      return { system: ref };
    case 'group':
      return { owner: ref };
    default:
      return { entityRef: ref };
  }
}

function ReleasesSparkline(props: { buckets: MetricsBucket[] }) {
  const { buckets } = props;
  const theme = useTheme();
  const rows = buckets.map(b => ({
    label: bucketLabel(b, 'month'),
    releases: b.releases,
  }));
  const description = rows.map(r => `${r.label}: ${r.releases}`).join(', ');
  return (
    <Box display="flex" alignItems="center" gridGap={12}>
      <Typography variant="caption" color="textSecondary">
        Releases per month
      </Typography>
      <Box role="img" aria-label={`Releases per month: ${description}`}>
        <LineChart
          width={140}
          height={36}
          data={rows}
          margin={{ top: 4, right: 4, bottom: 4, left: 4 }}
          accessibilityLayer={false}
        >
          <YAxis hide domain={[0, 'dataMax']} />
          <Line
            type="monotone"
            dataKey="releases"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </Box>
    </Box>
  );
}

/** The release KPIs of the last 90 days for a Component, System or Group overview. */
export function EntityReleaseKpiCard() {
  const { entity } = useEntity();
  const releasesApi = useApi(releasesApiRef);
  const metricsLink = useRouteRef(metricsRouteRef);
  const t = useReleasesT();
  const entityRef = stringifyEntityRef(entity);
  const scope = useMemo(() => metricsScopeFor(entity), [entity]);

  const metrics = useLoader(() => {
    const to = DateTime.local().plus({ days: 1 }).startOf('day');
    return releasesApi.getMetrics({
      ...scope,
      from: to.minus({ days: CARD_DAYS }).toUTC().toISO()!,
      to: to.toUTC().toISO()!,
      bucket: 'month',
    });
    // The ref stands for the entity; the object changes on every catalog refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [releasesApi, entityRef]);

  let content;
  if (metrics.error) {
    content = (
      <Alert severity="error">
        {t('errors.loadFailed', {
          what: t('kpiCard.what'),
          message: errorMessage(metrics.error),
        })}
      </Alert>
    );
  } else if (!metrics.value) {
    content = <Progress />;
  } else {
    const { buckets, totals } = metrics.value;
    content = (
      <>
        <KpiTiles
          totals={totals}
          bucketCount={buckets.length}
          bucket="month"
          compact
        />
        {buckets.length > 0 && (
          <Box mt={2}>
            <ReleasesSparkline buckets={buckets} />
          </Box>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title={t('kpiCard.title')}
      titleTypographyProps={{ component: 'h2' }}
      subheader={t('kpiCard.subheader', { days: String(CARD_DAYS) })}
      deepLink={{
        title: t('kpiCard.allMetrics'),
        link: `${metricsLink()}${metricsSearch(scope, {
          range: '3m',
          bucket: 'month',
        })}`,
      }}
    >
      {content}
    </InfoCard>
  );
}
