import { useLoader } from '../../hooks';
import { DateTime } from 'luxon';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Incident, Release } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { formatMinutes } from '../Metrics/metricsFormat';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { SeverityChip } from './ReviewChips';

/** The backend's page limit. */
const INCIDENTS_LIMIT = 100;

function timeToRecover(incident: Incident): string {
  if (!incident.resolvedAt) {
    return '—';
  }
  const minutes = DateTime.fromISO(incident.resolvedAt)
    .diff(DateTime.fromISO(incident.openedAt), 'minutes')
    .as('minutes');
  return formatMinutes(minutes);
}

const useStyles = makeStyles({
  noWrap: { whiteSpace: 'nowrap', '& th': { whiteSpace: 'nowrap' } },
});

function IncidentRow(props: { incident: Incident }) {
  const { incident } = props;
  const classes = useStyles();
  return (
    <TableRow>
      <TableCell>
        <SeverityChip severity={incident.severity} />
      </TableCell>
      <TableCell>
        {incident.url ? (
          <Link to={incident.url}>{incident.title}</Link>
        ) : (
          incident.title
        )}
        <Typography variant="caption" color="textSecondary" component="div">
          {incident.source} {incident.externalId}
        </Typography>
      </TableCell>
      <TableCell>
        <EntityRefLink entityRef={incident.entityRef} defaultKind="component" />
      </TableCell>
      <TableCell className={classes.noWrap}>{incident.environment}</TableCell>
      <TableCell className={classes.noWrap}>
        {formatDateTime(incident.openedAt)}
      </TableCell>
      <TableCell className={classes.noWrap}>
        {incident.resolvedAt ? (
          formatDateTime(incident.resolvedAt)
        ) : (
          <Chip
            size="small"
            variant="outlined"
            color="secondary"
            label="Open"
          />
        )}
      </TableCell>
      <TableCell className={classes.noWrap}>
        {timeToRecover(incident)}
      </TableCell>
    </TableRow>
  );
}

/** Incidents monitoring reported after this release's deployments, attributed to it. */
export function IncidentsCard(props: { release: Release }) {
  const { release } = props;
  const releasesApi = useApi(releasesApiRef);
  const classes = useStyles();
  const incidents = useLoader(
    () =>
      releasesApi.listIncidents({
        releaseId: release.id,
        limit: INCIDENTS_LIMIT,
      }),
    [releasesApi, release.id, release.phase],
  );

  let content;
  if (incidents.error) {
    content = (
      <Alert severity="error">
        Could not load the incidents: {errorMessage(incidents.error)}
      </Alert>
    );
  } else if (!incidents.value) {
    content = <Progress />;
  } else if (incidents.value.items.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        No incidents have been attributed to this release.
      </Typography>
    );
  } else {
    const { items, totalCount } = incidents.value;
    content = (
      <>
        <Box overflow="auto">
          <Table size="small" aria-label="Incidents attributed to this release">
            <TableHead>
              <TableRow className={classes.noWrap}>
                <TableCell>Severity</TableCell>
                <TableCell>Title</TableCell>
                <TableCell>Component</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>Opened</TableCell>
                <TableCell>Resolved</TableCell>
                <TableCell>Time to recover</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(incident => (
                <IncidentRow key={incident.id} incident={incident} />
              ))}
            </TableBody>
          </Table>
        </Box>
        {totalCount > items.length && (
          <Box mt={1}>
            <Typography variant="caption" color="textSecondary">
              Showing the first {items.length} of {totalCount} incidents.
            </Typography>
          </Box>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Incidents"
      subheader="Incidents opened after a deployment of this release, attributed to it"
      titleTypographyProps={{ component: 'h3' }}
    >
      {content}
    </InfoCard>
  );
}
