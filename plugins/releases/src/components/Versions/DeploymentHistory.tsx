import { ReactNode, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
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
import { FilterBar } from '../shared/FilterBar';
import { useFilterFields } from '../shared/filterFields';
import { useLabels, useReleasesT } from '../shared/labels';
import { pagedTableData } from '../shared/pagedTableData';
import {
  formatDateTime,
  formatRelative,
  localZoneName,
} from '../shared/format';
import { ExportButtons } from './ExportButtons';
import { compactScope } from './labels';
import {
  ActorView,
  AuthorizedBadge,
  UnauthorizedBadge,
} from './VersionCellView';
import { solidStatus, statusText } from '../shared/contrast';

const useStyles = makeStyles(theme => ({
  chip: { margin: 0, height: 20 },
  succeeded: {
    borderColor: theme.palette.success.main,
    color: statusText(theme, 'success'),
  },
  failed: {
    ...solidStatus(theme, 'error'),
  },
  pending: {
    borderColor: theme.palette.text.secondary,
    color: theme.palette.text.secondary,
  },
  rolledBack: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

function StatusChip(props: { status: DeploymentStatus }) {
  const classes = useStyles();
  const labels = useLabels();
  const { status } = props;
  const tone: Record<DeploymentStatus, string> = {
    queued: classes.pending,
    in_progress: classes.pending,
    succeeded: classes.succeeded,
    failed: classes.failed,
    cancelled: classes.pending,
    rolled_back: classes.rolledBack,
  };
  return (
    <Chip
      size="small"
      variant={
        status === 'failed' || status === 'rolled_back' ? 'default' : 'outlined'
      }
      label={labels.deploymentStatus(status)}
      className={`${classes.chip} ${tone[status] ?? ''}`}
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
  emptyMessage: ReactNode;
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
  const t = useReleasesT();
  const labels = useLabels();
  const fields = useFilterFields();

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
        <FilterBar
          idPrefix={idPrefix}
          onChange={(key, value) =>
            setFilter(key as keyof HistoryFilters, value)
          }
          fields={[
            fields.environment(filters.environment, 2),
            {
              kind: 'select',
              key: 'status',
              label: t('versions.status'),
              value: filters.status,
              allLabel: t('versions.allStatuses'),
              options: DEPLOYMENT_STATUSES.map(status => ({
                value: status,
                label: labels.deploymentStatus(status),
              })),
              width: 2,
            },
            {
              kind: 'select',
              key: 'authorized',
              label: t('versions.authorization'),
              value: filters.authorized,
              allLabel: t('versions.anyAuthorization'),
              options: [
                { value: 'true', label: t('versions.authorizedOnly') },
                { value: 'false', label: t('versions.unauthorizedOnly') },
              ],
              width: 3,
            },
            {
              kind: 'date',
              key: 'from',
              label: t('metrics.from'),
              value: filters.from,
              width: 2,
            },
            {
              kind: 'date',
              key: 'to',
              label: t('metrics.to'),
              value: filters.to,
              error: datesInverted ? t('versions.toBeforeFrom') : undefined,
              width: 2,
            },
          ]}
        >
          <Typography variant="caption" color="textSecondary">
            {t('versions.zoneNote', { zone: localZoneName() })}
          </Typography>
        </FilterBar>
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
        data={pagedTableData(
          page => releasesApi.listDeployments({ ...options, ...page }),
          setError,
        )}
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
