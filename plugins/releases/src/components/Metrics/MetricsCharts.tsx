import { ReactElement, ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { InfoCard } from '@backstage/core-components';
import { MetricsBucket } from '@backstage-itsm/plugin-releases-common';
import {
  BucketSize,
  bucketLabel,
  durationUnit,
  roundTo,
} from './metricsFormat';

const CHART_HEIGHT = 240;

/** Rendered before the container has measured itself (and in tests, where nothing is measured). */
const INITIAL_SIZE = { width: 480, height: CHART_HEIGHT };

export const NO_DATA_TEXT = 'No data in this range';

interface Series {
  key: string;
  name: string;
  color: string;
}

function hasData(
  rows: Record<string, unknown>[],
  keys: string[],
  zeroIsData: boolean,
): boolean {
  return rows.some(row =>
    keys.some(key => {
      const value = row[key];
      return typeof value === 'number' && (zeroIsData || value !== 0);
    }),
  );
}

function ChartCard(props: {
  title: string;
  definition: ReactNode;
  empty: boolean;
  children: ReactElement;
}) {
  const { title, definition, empty, children } = props;
  return (
    <InfoCard
      title={title}
      subheader={definition}
      titleTypographyProps={{ component: 'h2', variant: 'h6' }}
    >
      {empty ? (
        <Box
          height={CHART_HEIGHT}
          display="flex"
          alignItems="center"
          justifyContent="center"
        >
          <Typography color="textSecondary">{NO_DATA_TEXT}</Typography>
        </Box>
      ) : (
        <Box component="figure" m={0} aria-label={title}>
          <ResponsiveContainer
            width="100%"
            height={CHART_HEIGHT}
            initialDimension={INITIAL_SIZE}
          >
            {children}
          </ResponsiveContainer>
        </Box>
      )}
    </InfoCard>
  );
}

function Bars(props: { rows: Record<string, unknown>[]; series: Series[] }) {
  const { rows, series } = props;
  return (
    <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" />
      <YAxis allowDecimals={false} width={40} />
      <Tooltip />
      <Legend />
      {series.map(s => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.name}
          fill={s.color}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

function Lines(props: {
  rows: Record<string, unknown>[];
  series: Series[];
  unit: string;
  domain?: [number, number];
}) {
  const { rows, series, unit, domain } = props;
  const withUnit = (value: unknown) =>
    typeof value === 'number' ? `${value}${unit}` : '—';
  return (
    <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" />
      <YAxis width={56} domain={domain} tickFormatter={withUnit} />
      <Tooltip formatter={value => withUnit(value)} />
      <Legend />
      {series.map(s => (
        <Line
          key={s.key}
          type="monotone"
          dataKey={s.key}
          name={s.name}
          stroke={s.color}
          strokeWidth={2}
          dot={{ r: 3 }}
          // A bucket with nothing to divide by is a gap, not a zero.
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}

const UNIT_SUFFIX = { minutes: ' min', hours: ' h', days: ' d' } as const;

export interface MetricsChartsProps {
  buckets: MetricsBucket[];
  bucket: BucketSize;
}

/** The KPIs over time, one chart each, with what each one counts. */
export function MetricsCharts(props: MetricsChartsProps) {
  const { buckets, bucket } = props;
  const theme = useTheme();
  const palette = {
    first: theme.palette.primary.main,
    second: theme.palette.secondary.main,
    good: theme.palette.success.main,
    bad: theme.palette.error.main,
    neutral: theme.palette.grey[500],
    warning: theme.palette.warning.main,
  };

  const recovery = durationUnit(
    Math.max(
      0,
      ...buckets.flatMap(b => [
        b.meanTimeToRecoveryMinutes ?? 0,
        b.medianTimeToRecoveryMinutes ?? 0,
      ]),
    ),
  );
  const lead = durationUnit(
    Math.max(0, ...buckets.map(b => (b.meanLeadTimeHours ?? 0) * 60)),
  );
  const scaled = (minutes: number | null, perMinute: number) =>
    minutes === null ? null : roundTo(minutes * perMinute);
  const percent = (rate: number | null) =>
    rate === null ? null : roundTo(rate * 100);

  const rows = buckets.map(b => ({
    label: bucketLabel(b, bucket),
    releases: b.releases,
    productionDeployments: b.productionDeployments,
    changeSuccessRate: percent(b.changeSuccessRate),
    changeFailureRate: percent(b.changeFailureRate),
    incidentsAfterRelease: b.incidentsAfterRelease,
    incidents: b.incidents,
    meanRecovery: scaled(b.meanTimeToRecoveryMinutes, recovery.perMinute),
    medianRecovery: scaled(b.medianTimeToRecoveryMinutes, recovery.perMinute),
    leadTime: scaled(
      b.meanLeadTimeHours === null ? null : b.meanLeadTimeHours * 60,
      lead.perMinute,
    ),
  }));

  const charts: {
    title: string;
    definition: string;
    keys: string[];
    zeroIsData: boolean;
    chart: ReactElement;
  }[] = [
    {
      title: 'Releases and production deployments',
      definition: `Per ${bucket}: releases that entered Deploy, and successful deployments to production.`,
      keys: ['releases', 'productionDeployments'],
      zeroIsData: false,
      chart: (
        <Bars
          rows={rows}
          series={[
            { key: 'releases', name: 'Releases', color: palette.first },
            {
              key: 'productionDeployments',
              name: 'Production deployments',
              color: palette.second,
            },
          ]}
        />
      ),
    },
    {
      title: 'Change success and failure rate',
      definition:
        'Change success rate = releases reviewed as successful ÷ reviewed releases. Change failure rate = production deployments with an attributed incident ÷ production deployments.',
      keys: ['changeSuccessRate', 'changeFailureRate'],
      zeroIsData: true,
      chart: (
        <Lines
          rows={rows}
          unit="%"
          domain={[0, 100]}
          series={[
            {
              key: 'changeSuccessRate',
              name: 'Change success rate',
              color: palette.good,
            },
            {
              key: 'changeFailureRate',
              name: 'Change failure rate',
              color: palette.bad,
            },
          ]}
        />
      ),
    },
    {
      title: 'Incidents after release',
      definition:
        'Incidents attributed to a release: the last deployment of the component to that environment before the incident opened belonged to it. All incidents shown for comparison.',
      keys: ['incidentsAfterRelease', 'incidents'],
      zeroIsData: false,
      chart: (
        <Bars
          rows={rows}
          series={[
            {
              key: 'incidentsAfterRelease',
              name: 'Incidents after release',
              color: palette.bad,
            },
            { key: 'incidents', name: 'All incidents', color: palette.neutral },
          ]}
        />
      ),
    },
    {
      title: 'Time to recover (MTTR)',
      definition: `MTTR = time from an incident opening to its resolution, over the incidents resolved; mean and median, in ${recovery.unit}.`,
      keys: ['meanRecovery', 'medianRecovery'],
      zeroIsData: true,
      chart: (
        <Lines
          rows={rows}
          unit={UNIT_SUFFIX[recovery.unit]}
          series={[
            { key: 'meanRecovery', name: 'Mean', color: palette.warning },
            { key: 'medianRecovery', name: 'Median', color: palette.first },
          ]}
        />
      ),
    },
    {
      title: 'Lead time',
      definition: `Lead time = time from a release being created to it entering Deploy, mean of the releases that entered Deploy, in ${lead.unit}.`,
      keys: ['leadTime'],
      zeroIsData: true,
      chart: (
        <Lines
          rows={rows}
          unit={UNIT_SUFFIX[lead.unit]}
          series={[
            { key: 'leadTime', name: 'Mean lead time', color: palette.first },
          ]}
        />
      ),
    },
  ];

  return (
    <Grid container spacing={3}>
      {charts.map(c => (
        <Grid item xs={12} lg={6} key={c.keys.join()}>
          <ChartCard
            title={c.title}
            definition={c.definition}
            empty={!hasData(rows, c.keys, c.zeroIsData)}
          >
            {c.chart}
          </ChartCard>
        </Grid>
      ))}
    </Grid>
  );
}
