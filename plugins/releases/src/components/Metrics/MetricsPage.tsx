import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { DateTime } from 'luxon';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { ScopeOptions } from '../../api/ReleasesApi';
import { rootRouteRef } from '../../routes';
import { BackLink } from '../shared/BackLink';
import { humanizeRef, localZoneName } from '../shared/format';
import { KpiTiles } from './KpiTiles';
import { MetricsCharts } from './MetricsCharts';
import { MetricsFilters } from './MetricsFilters';
import {
  MetricsParamKey,
  presetDates,
  readMetricsParams,
  resolveRange,
  scopeOf,
} from './metricsParams';

function describeScope(scope: ScopeOptions): string {
  if (scope.entityRef) {
    return `Releases of component ${humanizeRef(scope.entityRef)}`;
  }
  if (scope.system) {
    return `Releases of system ${humanizeRef(scope.system)}`;
  }
  if (scope.owner) {
    return `Releases of components owned by ${humanizeRef(scope.owner)}`;
  }
  return 'All releases';
}

/** `Sep 1, 2026 – Nov 30, 2026`; the end is exclusive, so the last day shown is the one before it. */
function describeDays(fromIso: string, toIso: string): string {
  const from = DateTime.fromISO(fromIso);
  const lastDay = DateTime.fromISO(toIso).minus({ milliseconds: 1 });
  return `${from.toLocaleString(DateTime.DATE_MED)} – ${lastDay.toLocaleString(
    DateTime.DATE_MED,
  )}`;
}

/**
 * How often releases ship, how often they hurt, and how fast things recover,
 * for everything, one owner or one system, over a range of weeks or months.
 */
export function MetricsPage() {
  const releasesApi = useApi(releasesApiRef);
  const releasesLink = useRouteRef(rootRouteRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const params = useMemo(
    () => readMetricsParams(new URLSearchParams(search)),
    [search],
  );
  const range = useMemo(() => resolveRange(params), [params]);
  const scope = useMemo(() => scopeOf(params), [params]);

  const metrics = useAsync(async () => {
    if (!range.ok) {
      return undefined;
    }
    return releasesApi.getMetrics({
      ...scope,
      from: range.from,
      to: range.to,
      bucket: params.bucket,
    });
  }, [releasesApi, scope, range, params.bucket]);

  const change = (changes: Partial<Record<MetricsParamKey, string>>) =>
    setSearchParams(
      current => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) {
            next.set(key, value);
          } else {
            next.delete(key);
          }
        }
        return next;
      },
      { replace: true },
    );

  const currentDates =
    params.range === 'custom' ? undefined : presetDates(params.range);

  let body;
  if (!range.ok) {
    body = <Alert severity="warning">{range.problem}</Alert>;
  } else if (metrics.error) {
    body = <ResponseErrorPanel error={metrics.error} />;
  } else if (!metrics.value) {
    body = <Progress />;
  } else {
    const { buckets, totals } = metrics.value;
    body = (
      <>
        {metrics.loading && <Progress />}
        <Box mb={1}>
          <Typography variant="h5" component="h2">
            Totals
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {describeScope(scope)}, {describeDays(range.from, range.to)}. Days
            are counted in your time zone ({localZoneName()}); {params.bucket}s
            in UTC.
          </Typography>
        </Box>
        <Box mb={3}>
          <KpiTiles
            totals={totals}
            bucketCount={buckets.length}
            bucket={params.bucket}
          />
        </Box>
        <MetricsCharts buckets={buckets} bucket={params.bucket} />
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Release metrics"
        subtitle="Release and deployment frequency, change success and failure, recovery and lead time"
        type="Releases"
        typeLink={releasesLink()}
      />
      <Content>
        <Box mb={2}>
          <BackLink to={releasesLink()}>All releases</BackLink>
        </Box>
        <MetricsFilters
          // Only the scope that counts shows as chosen.
          params={{
            ...params,
            entityRef: scope.entityRef ?? '',
            system: scope.system ?? '',
            owner: scope.owner ?? '',
          }}
          currentDates={currentDates}
          onChange={change}
        />
        {body}
      </Content>
    </Page>
  );
}
