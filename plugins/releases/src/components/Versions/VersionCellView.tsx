import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { VersionCell } from '@backstage-itsm/plugin-releases-common';
import { releaseRouteRef } from '../../routes';
import { formatDateTime, formatRelative } from '../shared/format';
import { describeActor, isUserRef } from './labels';
import { solidStatus, statusText } from '../shared/contrast';

const useStyles = makeStyles(theme => ({
  chip: {
    margin: 0,
    height: 20,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  drift: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  unauthorized: {
    ...solidStatus(theme, 'error'),
  },
  authorized: {
    borderColor: theme.palette.success.main,
    color: statusText(theme, 'success'),
  },
}));

/** A list of reasons, one a line, for a badge's tooltip. */
function Reasons(props: { lines: string[] }) {
  return (
    <Box component="ul" m={0} pl={2}>
      {props.lines.map(line => (
        <li key={line}>{line}</li>
      ))}
    </Box>
  );
}

/** Amber: this cell disagrees with the pipeline order or a planned release. */
export function DriftBadge(props: { messages: string[] }) {
  const classes = useStyles();
  return (
    <Tooltip title={<Reasons lines={props.messages} />} arrow>
      <Chip
        size="small"
        label="Drift"
        tabIndex={0}
        className={`${classes.chip} ${classes.drift}`}
      />
    </Tooltip>
  );
}

/** Red: it reached a gated environment without a release in deploy. */
export function UnauthorizedBadge(props: { reason?: string }) {
  const classes = useStyles();
  const chip = (
    <Chip
      size="small"
      label="Unauthorized"
      tabIndex={props.reason ? 0 : undefined}
      className={`${classes.chip} ${classes.unauthorized}`}
    />
  );
  return props.reason ? (
    <Tooltip title={props.reason} arrow>
      {chip}
    </Tooltip>
  ) : (
    chip
  );
}

/** Green outline, with why it was allowed. */
export function AuthorizedBadge(props: { reason: string }) {
  const classes = useStyles();
  return (
    <Tooltip title={props.reason} arrow>
      <Chip
        size="small"
        variant="outlined"
        label="Authorized"
        tabIndex={0}
        className={`${classes.chip} ${classes.authorized}`}
      />
    </Tooltip>
  );
}

/** Who deployed: a link for catalog users, the token's name otherwise. */
export function ActorView(props: { actor: string }) {
  return isUserRef(props.actor) ? (
    <EntityRefLink entityRef={props.actor} defaultKind="user" />
  ) : (
    <>{describeActor(props.actor)}</>
  );
}

/** The version one component runs in one environment, and what is odd about it. */
export function VersionCellView(props: { cell: VersionCell }) {
  const { cell } = props;
  const releaseLink = useRouteRef(releaseRouteRef);
  const unauthorized =
    !cell.authorized || cell.drift.some(d => d.kind === 'unauthorized');
  const driftMessages = cell.drift
    .filter(d => d.kind !== 'unauthorized')
    .map(d => d.message);
  const unauthorizedMessage = cell.drift.find(
    d => d.kind === 'unauthorized',
  )?.message;

  return (
    <Box display="flex" flexDirection="column" gridGap={2}>
      <Typography variant="body2" component="span">
        <strong>{cell.version}</strong>
      </Typography>
      <Typography variant="caption" color="textSecondary" component="span">
        <span title={formatDateTime(cell.deployedAt)}>
          {formatRelative(cell.deployedAt)}
        </span>
        {' by '}
        <ActorView actor={cell.actor} />
      </Typography>
      {cell.releaseId && (
        <Typography variant="caption" component="span">
          <Link to={releaseLink({ releaseId: cell.releaseId })}>
            View release
          </Link>
        </Typography>
      )}
      {(driftMessages.length > 0 || unauthorized) && (
        <Box display="flex" flexWrap="wrap" gridGap={4} mt={0.5}>
          {driftMessages.length > 0 && <DriftBadge messages={driftMessages} />}
          {unauthorized && (
            <UnauthorizedBadge
              reason={
                unauthorizedMessage ??
                `${cell.version} reached ${cell.environment} without a release in deploy`
              }
            />
          )}
        </Box>
      )}
    </Box>
  );
}
