import { ReactNode, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import {
  InfoCard,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Deployment,
  DEPLOYMENT_STATUSES,
  DeploymentStatus,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { ListDeploymentsOptions, ScopeOptions } from '../../api/ReleasesApi';
import { releaseRouteRef } from '../../routes';
import {
  formatDateTime,
  formatRelative,
  localZoneName,
} from '../shared/format';
import { ExportButtons } from './ExportButtons';
import { compactScope, STATUS_LABELS } from './labels';
import {
  ActorView,
  AuthorizedBadge,
  UnauthorizedBadge,
} from './VersionCellView';

const useStyles = makeStyles(theme => ({
  chip: { margin: 0, height: 20 },
  succeeded: {
    borderColor: theme.palette.success.main,
    color: theme.palette.success.dark,
  },
  failed: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  rolledBack: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

function StatusChip(props: { status: DeploymentStatus }) {
  const classes = useStyles();
  const { status } = props;
  const tone = {
    succeeded: classes.succeeded,
    failed: classes.failed,
    rolled_back: classes.rolledBack,
  }[status];
  return (
    <Chip
      size="small"
      variant={status === 'succeeded' ? 'outlined' : 'default'}
      label={STATUS_LABELS[status] ?? status}
      className={`${classes.chip} ${tone}`}
    />
  );
}

/** What the filter fields hold; dates are `yyyy-MM-dd` in the viewer's zone. */
export interface HistoryFilters {
  environment: string;
  status: DeploymentStatus | '';
  authorized: '' | 'true' | 'false';
  from: string;
  to: string;
}

const NO_FILTERS: HistoryFilters = {
  environment: '',
  status: '',
  authorized: '',
  from: '',
  to: '',
};

/** The filters as `listDeployments` options; a day runs from its start to its end in the viewer's zone. */
export function toDeploymentOptions(
  filters: HistoryFilters,
): ListDeploymentsOptions {
  const options: ListDeploymentsOptions = {};
  if (filters.environment) {
    options.environment = filters.environment;
  }
  if (filters.status) {
    options.status = filters.status;
  }
  if (filters.authorized) {
    options.authorized = filters.authorized === 'true';
  }
  const from = filters.from ? DateTime.fromISO(filters.from) : undefined;
  if (from?.isValid) {
    options.from = from.startOf('day').toUTC().toISO()!;
  }
  const to = filters.to ? DateTime.fromISO(filters.to) : undefined;
  if (to?.isValid) {
    options.to = to.endOf('day').toUTC().toISO()!;
  }
  return options;
}

function columns(options: {
  showComponent: boolean;
  releaseLink: (params: { releaseId: string }) => string;
}): TableColumn<Deployment>[] {
  const all: (TableColumn<Deployment> | false)[] = [
    {
      title: 'When',
      field: 'deployedAt',
      render: d => (
        <Box whiteSpace="nowrap">
          {formatDateTime(d.deployedAt)}
          <Typography variant="caption" color="textSecondary" component="div">
            {formatRelative(d.deployedAt)}
          </Typography>
        </Box>
      ),
    },
    options.showComponent && {
      title: 'Component',
      field: 'entityRef',
      render: d => (
        <Box whiteSpace="nowrap">
          <EntityRefLink entityRef={d.entityRef} defaultKind="component" />
        </Box>
      ),
    },
    { title: 'Environment', field: 'environment' },
    {
      title: 'Version',
      field: 'version',
      render: d => <strong>{d.version}</strong>,
    },
    {
      title: 'Status',
      field: 'status',
      render: d => <StatusChip status={d.status} />,
    },
    {
      title: 'Who',
      field: 'actor',
      render: d => (
        <Box whiteSpace="nowrap">
          <ActorView actor={d.actor} />
        </Box>
      ),
    },
    {
      title: 'Source',
      field: 'source',
      render: d => (
        <>
          {d.source}
          <Typography variant="caption" component="div">
            {d.url ? (
              <Link to={d.url} target="_blank" rel="noopener noreferrer">
                {d.externalId}
              </Link>
            ) : (
              d.externalId
            )}
          </Typography>
        </>
      ),
    },
    {
      title: 'Authorization',
      field: 'authorized',
      render: d => (
        <Box display="flex" flexDirection="column" alignItems="flex-start">
          {d.authorized ? (
            <AuthorizedBadge reason={d.authorizationReason} />
          ) : (
            <UnauthorizedBadge reason={d.authorizationReason} />
          )}
          <Typography variant="caption" component="div">
            {d.releaseId ? (
              <Link to={options.releaseLink({ releaseId: d.releaseId })}>
                View release
              </Link>
            ) : (
              <Box component="span" color="text.secondary">
                No release
              </Box>
            )}
          </Typography>
        </Box>
      ),
    },
  ];
  return all.filter(Boolean) as TableColumn<Deployment>[];
}

function FilterField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      fullWidth
      variant="outlined"
      size="small"
    >
      {props.children}
    </TextField>
  );
}

export interface DeploymentHistoryProps {
  scope: ScopeOptions;
  title: string;
  subtitle?: string;
  /** Filters the viewer cannot change, e.g. `{ authorized: false }`. */
  fixed?: ListDeploymentsOptions;
  /** Whether to offer the environment, status, authorization and date filters. */
  filterable?: boolean;
  /** Whether rows name their component; not needed when the scope is one component. */
  showComponent?: boolean;
  emptyMessage: string;
  /** What the export buttons export, e.g. `deployment history`. */
  exportWhat: string;
  idPrefix: string;
}

/** Reported deployments for a scope, newest first, paged by the backend. */
export function DeploymentHistory(props: DeploymentHistoryProps) {
  const {
    title,
    subtitle,
    fixed,
    filterable = true,
    showComponent = true,
    emptyMessage,
    exportWhat,
    idPrefix,
  } = props;
  const releasesApi = useApi(releasesApiRef);
  const releaseLink = useRouteRef(releaseRouteRef);
  const [filters, setFilters] = useState<HistoryFilters>(NO_FILTERS);
  const [error, setError] = useState<Error>();
  const environments = useAsync(
    async () => (filterable ? releasesApi.listEnvironments() : undefined),
    [releasesApi, filterable],
  );

  // Callers pass scope and fixed filters as literals; compare them by value.
  const scopeKey = JSON.stringify(compactScope(props.scope));
  const fixedKey = JSON.stringify(fixed ?? {});
  const options = useMemo<ListDeploymentsOptions>(
    () => ({
      ...JSON.parse(scopeKey),
      ...toDeploymentOptions(filters),
      ...JSON.parse(fixedKey),
    }),
    [scopeKey, fixedKey, filters],
  );
  const datesInverted = Boolean(
    filters.from && filters.to && filters.to < filters.from,
  );

  const setFilter = (key: keyof HistoryFilters, value: string) =>
    setFilters(current => ({ ...current, [key]: value }));

  return (
    <InfoCard
      title={title}
      titleTypographyProps={{ component: 'h3' }}
      subheader={subtitle}
      action={
        <ExportButtons
          request={{ list: 'deployments', options }}
          what={exportWhat}
        />
      }
    >
      {filterable && (
        <Box mb={2}>
          <Grid container spacing={2}>
            <Grid item xs={12} sm={6} md={2}>
              <FilterField
                id={`${idPrefix}-environment`}
                label="Environment"
                value={filters.environment}
                onChange={value => setFilter('environment', value)}
              >
                <option value="">All environments</option>
                {[...(environments.value?.items ?? [])]
                  .sort((a, b) => a.order - b.order)
                  .map(env => (
                    <option key={env.name} value={env.name}>
                      {env.name}
                    </option>
                  ))}
              </FilterField>
            </Grid>
            <Grid item xs={12} sm={6} md={2}>
              <FilterField
                id={`${idPrefix}-status`}
                label="Status"
                value={filters.status}
                onChange={value => setFilter('status', value)}
              >
                <option value="">All statuses</option>
                {DEPLOYMENT_STATUSES.map(status => (
                  <option key={status} value={status}>
                    {STATUS_LABELS[status]}
                  </option>
                ))}
              </FilterField>
            </Grid>
            <Grid item xs={12} sm={6} md={3}>
              <FilterField
                id={`${idPrefix}-authorized`}
                label="Authorization"
                value={filters.authorized}
                onChange={value => setFilter('authorized', value)}
              >
                <option value="">Authorized and unauthorized</option>
                <option value="true">Authorized only</option>
                <option value="false">Unauthorized only</option>
              </FilterField>
            </Grid>
            <Grid item xs={6} sm={3} md={2}>
              <TextField
                id={`${idPrefix}-from`}
                type="date"
                label="From"
                value={filters.from}
                onChange={e => setFilter('from', e.target.value)}
                InputLabelProps={{ shrink: true }}
                fullWidth
                variant="outlined"
                size="small"
              />
            </Grid>
            <Grid item xs={6} sm={3} md={2}>
              <TextField
                id={`${idPrefix}-to`}
                type="date"
                label="To"
                value={filters.to}
                onChange={e => setFilter('to', e.target.value)}
                error={datesInverted}
                helperText={
                  datesInverted ? 'Must not be before From' : undefined
                }
                InputLabelProps={{ shrink: true }}
                fullWidth
                variant="outlined"
                size="small"
              />
            </Grid>
          </Grid>
          <Box mt={1}>
            <Typography variant="caption" color="textSecondary">
              Dates and times are in your time zone ({localZoneName()}).
            </Typography>
          </Box>
        </Box>
      )}
      {error && (
        <Box mb={2}>
          <ResponseErrorPanel error={error} />
        </Box>
      )}
      <Table<Deployment>
        key={JSON.stringify(options)}
        style={{ boxShadow: 'none' }}
        columns={columns({ showComponent, releaseLink })}
        emptyContent={
          <Box p={2} color="text.secondary">
            {emptyMessage}
          </Box>
        }
        localization={{ body: { emptyDataSourceMessage: emptyMessage } }}
        data={async query => {
          try {
            const page = await releasesApi.listDeployments({
              ...options,
              limit: query.pageSize,
              offset: query.page * query.pageSize,
            });
            setError(undefined);
            return {
              data: page.items,
              page: query.page,
              totalCount: page.totalCount,
            };
          } catch (e) {
            setError(e as Error);
            return { data: [], page: 0, totalCount: 0 };
          }
        }}
        options={{
          search: false,
          paging: true,
          pageSize: 20,
          pageSizeOptions: [10, 20, 50, 100],
          emptyRowsWhenPaging: false,
          padding: 'dense',
          toolbar: false,
          draggable: false,
          sorting: false,
        }}
      />
    </InfoCard>
  );
}
