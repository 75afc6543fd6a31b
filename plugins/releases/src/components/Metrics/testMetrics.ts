import {
  MetricsBucket,
  MetricsResponse,
  MetricsValues,
} from '@backstage-itsm/plugin-releases-common';

export function metricsValues(
  overrides: Partial<MetricsValues> = {},
): MetricsValues {
  return {
    releases: 0,
    productionDeployments: 0,
    reviewedReleases: 0,
    successfulReleases: 0,
    changeSuccessRate: null,
    productionDeploymentsWithIncident: 0,
    changeFailureRate: null,
    incidentsAfterRelease: 0,
    incidents: 0,
    meanTimeToRecoveryMinutes: null,
    medianTimeToRecoveryMinutes: null,
    meanLeadTimeHours: null,
    deploymentsWithCommitTime: 0,
    meanLeadTimeForChangesHours: null,
    medianLeadTimeForChangesHours: null,
    ...overrides,
  };
}

export function metricsBucket(
  start: string,
  end: string,
  overrides: Partial<MetricsValues> = {},
): MetricsBucket {
  return { start, end, ...metricsValues(overrides) };
}

/** Three months: one busy, one with nothing to divide by, one with incidents; no reviews. */
export function metricsResponse(
  overrides: Partial<MetricsResponse> = {},
): MetricsResponse {
  return {
    from: '2026-09-01T00:00:00.000Z',
    to: '2026-12-01T00:00:00.000Z',
    bucket: 'month',
    buckets: [
      metricsBucket('2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', {
        releases: 4,
        productionDeployments: 10,
        productionDeploymentsWithIncident: 1,
        changeFailureRate: 0.1,
        incidentsAfterRelease: 1,
        incidents: 2,
        meanTimeToRecoveryMinutes: 90,
        medianTimeToRecoveryMinutes: 90,
        meanLeadTimeHours: 30,
      }),
      metricsBucket('2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'),
      metricsBucket('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', {
        releases: 2,
        productionDeployments: 5,
        productionDeploymentsWithIncident: 2,
        changeFailureRate: 0.4,
        incidentsAfterRelease: 2,
        incidents: 3,
        meanTimeToRecoveryMinutes: 30,
        medianTimeToRecoveryMinutes: 20,
        meanLeadTimeHours: 50,
      }),
    ],
    totals: metricsValues({
      releases: 6,
      productionDeployments: 15,
      productionDeploymentsWithIncident: 3,
      changeFailureRate: 0.2,
      incidentsAfterRelease: 3,
      incidents: 5,
      meanTimeToRecoveryMinutes: 45,
      medianTimeToRecoveryMinutes: null,
      meanLeadTimeHours: 36,
    }),
    ...overrides,
  };
}
