import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { DryRunResult } from '@backstage-itsm/plugin-releases-common';
import { releaseRouteRef } from '../../routes';
import { formatDateTime } from '../shared/format';
import { TypeChip } from '../shared/ReleaseChips';
import { solidStatus } from '../shared/contrast';

type ReleaseRow = DryRunResult['releases'][number];
type DeploymentRow = DryRunResult['deployments'][number];

const useStyles = makeStyles(theme => ({
  blocked: {
    ...solidStatus(theme, 'error'),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

function Blocked(props: { blocked: boolean }) {
  const classes = useStyles();
  return props.blocked ? (
    <Chip size="small" label="Would have blocked" className={classes.blocked} />
  ) : (
    <Typography variant="body2" component="span" color="textSecondary">
      Allowed
    </Typography>
  );
}

const tableOptions = {
  search: false,
  padding: 'dense' as const,
  draggable: false,
  sorting: false,
  pageSize: 10,
  pageSizeOptions: [10, 20, 50],
  emptyRowsWhenPaging: false,
};

/** What the candidate policies would have done to releases and deployments. */
export function DryRunResults(props: { result: DryRunResult }) {
  const { result } = props;
  const releaseLink = useRouteRef(releaseRouteRef);
  const [onlyBlocked, setOnlyBlocked] = useState(false);

  const blockedReleases = result.releases.filter(r => r.wouldHaveBlocked);
  const blockedDeployments = result.deployments.filter(d => d.wouldHaveBlocked);
  const releases = onlyBlocked ? blockedReleases : result.releases;
  const deployments = onlyBlocked ? blockedDeployments : result.deployments;

  const releaseColumns: TableColumn<ReleaseRow>[] = [
    {
      title: 'Release',
      render: row => (
        <>
          <Link to={releaseLink({ releaseId: row.release.id })}>
            {row.release.title}
          </Link>
          <Box mt={0.5}>
            <TypeChip type={row.release.type} />
          </Box>
        </>
      ),
    },
    {
      title: 'Policies',
      render: row =>
        row.policies.length > 0 ? row.policies.join(', ') : 'None apply',
    },
    {
      title: 'Required approvals',
      field: 'requiredApprovals',
      type: 'numeric',
      align: 'left',
    },
    {
      title: 'Would have blocked',
      render: row => <Blocked blocked={row.wouldHaveBlocked} />,
    },
    {
      title: 'Missing',
      render: row =>
        row.missing.length === 0 ? (
          '—'
        ) : (
          <Box component="ul" m={0} pl={2}>
            {row.missing.map(line => (
              <li key={line}>{line}</li>
            ))}
          </Box>
        ),
    },
  ];

  const deploymentColumns: TableColumn<DeploymentRow>[] = [
    {
      title: 'Component',
      render: row => (
        <EntityRefLink entityRef={row.entityRef} defaultKind="component" />
      ),
    },
    { title: 'Environment', field: 'environment' },
    { title: 'Version', field: 'version' },
    { title: 'When', render: row => formatDateTime(row.deployedAt) },
    {
      title: 'Would have blocked',
      render: row => (
        <>
          <Blocked blocked={row.wouldHaveBlocked} />
          <Typography variant="caption" color="textSecondary" component="div">
            {row.reason}
          </Typography>
        </>
      ),
    },
  ];

  return (
    <Box display="grid" gridGap={16} mt={3}>
      <Box
        display="flex"
        flexWrap="wrap"
        justifyContent="space-between"
        alignItems="center"
        gridGap={8}
      >
        <Typography variant="body1" role="status">
          {`Between ${formatDateTime(result.from)} and ${formatDateTime(
            result.to,
          )}, the candidate policies would have blocked ${
            blockedReleases.length
          } of ${result.releases.length} releases and ${
            blockedDeployments.length
          } of ${result.deployments.length} deployments.`}
        </Typography>
        <FormControlLabel
          control={
            <Switch
              checked={onlyBlocked}
              onChange={e => setOnlyBlocked(e.target.checked)}
              color="primary"
            />
          }
          label="Only what would have been blocked"
        />
      </Box>
      <Table<ReleaseRow>
        title="Releases"
        data={releases}
        columns={releaseColumns}
        options={{ ...tableOptions, paging: releases.length > 10 }}
        localization={{
          body: { emptyDataSourceMessage: 'No releases in this range.' },
        }}
      />
      <Table<DeploymentRow>
        title="Deployments"
        data={deployments}
        columns={deploymentColumns}
        options={{ ...tableOptions, paging: deployments.length > 10 }}
        localization={{
          body: { emptyDataSourceMessage: 'No deployments in this range.' },
        }}
      />
    </Box>
  );
}
