import { useMemo } from 'react';
import { DateTime } from 'luxon';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { ScopeOptions } from '../../api/ReleasesApi';
import { useLoader, useUrlState } from '../../hooks';
import { FilterBar, FilterField } from '../shared/FilterBar';
import { useFilterFields } from '../shared/filterFields';
import { EntityName } from '../shared/EntityName';
import { localZoneName } from '../shared/format';
import { useReleasesT } from '../shared/labels';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import { KpiTiles } from './KpiTiles';
import { MetricsCharts } from './MetricsCharts';
import {
  MetricsParams,
  presetDates,
  RANGE_PRESETS,
  RangePreset,
  readMetricsParams,
  resolveRange,
  scopeOf,
  withScope,
} from './metricsParams';

/** Whose releases the totals count, with names as the catalog gives them. */
function ScopeDescription(props: { scope: ScopeOptions }) {
  const { scope } = props;
  const t = useReleasesT();
  if (scope.entityRef) {
    return (
      <>
        {t('metrics.scopeComponent')}{' '}
        <EntityName entityRef={scope.entityRef} defaultKind="component" />
      </>
    );
  }
  if (scope.system) {
    return (
      <>
        {t('metrics.scopeSystem')}{' '}
        <EntityName entityRef={scope.system} defaultKind="system" />
      </>
    );
  }
  if (scope.owner) {
    return (
      <>
        {t('metrics.scopeOwner')}{' '}
        <EntityName entityRef={scope.owner} defaultKind="group" />
      </>
    );
  }
  return <>{t('metrics.scopeAll')}</>;
}

/** `Sep 1, 2026 – Nov 30, 2026`; the end is exclusive, so the last day shown is the one before it. */
function describeDays(fromIso: string, toIso: string): string {
  const from = DateTime.fromISO(fromIso);
  const lastDay = DateTime.fromISO(toIso).minus({ milliseconds: 1 });
  return `${from.toLocaleString(DateTime.DATE_MED)} – ${lastDay.toLocaleString(
    DateTime.DATE_MED,
  )}`;
}

/** Owner, system, range (with dates when custom) and bucket, as filter fields. */
function metricsFields(
  params: MetricsParams,
  t: ReturnType<typeof useReleasesT>,
  shared: ReturnType<typeof useFilterFields>,
): FilterField[] {
  const fields: FilterField[] = [
    shared.owner(params.owner),
    shared.system(params.system),
    {
      kind: 'select',
      key: 'range',
      label: t('metrics.range'),
      value: params.range,
      options: RANGE_PRESETS.map(preset => ({
        value: preset.value,
        label: t(`metrics.ranges.${preset.value}`),
      })),
      width: 2,
    },
  ];
  if (params.range === 'custom') {
    fields.push(
      {
        kind: 'date',
        key: 'from',
        label: t('metrics.from'),
        value: params.from,
        width: 2,
      },
      {
        kind: 'date',
        key: 'to',
        label: t('metrics.to'),
        value: params.to,
        width: 2,
      },
    );
  }
  fields.push({
    kind: 'select',
    key: 'bucket',
    label: t('metrics.bucket'),
    value: params.bucket,
    options: [
      { value: 'week', label: t('metrics.week') },
      { value: 'month', label: t('metrics.month') },
    ],
    width: 2,
  });
  return fields;
}

/**
 * How often releases ship, how often they hurt, and how fast things recover,
 * for everything, one owner or one system, over a range of weeks or months.
 */
export function MetricsPage() {
  const releasesApi = useApi(releasesApiRef);
  const t = useReleasesT();
  const { state: params, update } = useUrlState(readMetricsParams);
  const sharedFields = useFilterFields();
  const range = useMemo(() => resolveRange(params), [params]);
  const scope = useMemo(() => scopeOf(params), [params]);

  const metrics = useLoader(async () => {
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

  const change = (key: string, value: string) => {
    if (key === 'owner' || key === 'system') {
      // The backend takes one scope: choosing one clears the others.
      update(withScope(key, value));
    } else if (key === 'range') {
      const preset = value as RangePreset;
      const current =
        params.range === 'custom' ? undefined : presetDates(params.range);
      update(
        preset === 'custom'
          ? {
              range: preset,
              from: params.from || current?.from,
              to: params.to || current?.to,
            }
          : { range: preset, from: '', to: '' },
      );
    } else {
      update({ [key]: value });
    }
  };

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
            {t('metrics.totals')}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            <ScopeDescription scope={scope} />,{' '}
            {describeDays(range.from, range.to)}.{' '}
            {t('metrics.zoneNote', {
              zone: localZoneName(),
              bucket: t(`metrics.${params.bucket}s`),
            })}
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
    <ReleasesPageLayout
      title={t('pages.metrics.title')}
      subtitle={t('pages.metrics.subtitle')}
    >
      <FilterBar
        idPrefix="metrics"
        fields={metricsFields(
          {
            // Only the scope that counts shows as chosen.
            ...params,
            entityRef: scope.entityRef ?? '',
            system: scope.system ?? '',
            owner: scope.owner ?? '',
          },
          t,
          sharedFields,
        )}
        onChange={change}
        component={{
          entityRef: scope.entityRef ?? '',
          onClear: () => update({ entityRef: '' }),
        }}
      >
        <Typography variant="caption" color="textSecondary">
          {t('metrics.scopeNote')}
        </Typography>
      </FilterBar>
      {body}
    </ReleasesPageLayout>
  );
}
