import { Fragment } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AcUnitIcon from '@material-ui/icons/AcUnit';
import WarningIcon from '@material-ui/icons/Warning';
import { InfoCard, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  CalendarResponse,
  ReleaseCollision,
} from '@backstage-itsm/plugin-releases-common';
import { releaseRouteRef } from '../../routes';
import { formatWindow } from '../shared/format';

const COLLISION_KINDS: Record<ReleaseCollision['kind'], string> = {
  component: 'Same component',
  dependency: 'Dependency',
  api: 'API',
};

const useStyles = makeStyles(theme => ({
  warning: { color: theme.palette.error.dark, minWidth: 36 },
  freeze: { color: theme.palette.info.dark, minWidth: 36 },
  kind: { marginLeft: theme.spacing(1) },
  // The Backstage theme keeps list items on one line; messages need to wrap.
  text: {
    '&&': { whiteSpace: 'normal', overflow: 'visible' },
  },
}));

function ReleaseLink(props: {
  releaseId: string;
  titles: Map<string, string>;
}) {
  const releaseLink = useRouteRef(releaseRouteRef);
  return (
    <Link to={releaseLink({ releaseId: props.releaseId })}>
      {props.titles.get(props.releaseId) ?? `Release ${props.releaseId}`}
    </Link>
  );
}

/**
 * The calendar's collisions and freeze conflicts as lists with links to the
 * releases involved, so they can be read without hovering over bars.
 */
export function ConflictsPanel(props: {
  data: Pick<CalendarResponse, 'releases' | 'collisions' | 'freezeConflicts'>;
}) {
  const { data } = props;
  const classes = useStyles();
  const titles = new Map(data.releases.map(r => [r.id, r.title]));

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Collisions"
          titleTypographyProps={{ component: 'h2' }}
          noPadding
        >
          {data.collisions.length === 0 ? (
            <Box p={2}>
              <Typography variant="body2" color="textSecondary">
                No releases collide in this period.
              </Typography>
            </Box>
          ) : (
            <List dense aria-label="Collisions">
              {data.collisions.map(collision => (
                <ListItem
                  key={`${collision.kind}:${collision.releaseIds.join(':')}`}
                  alignItems="flex-start"
                >
                  <ListItemIcon className={classes.warning}>
                    <WarningIcon aria-hidden />
                  </ListItemIcon>
                  <ListItemText
                    className={classes.text}
                    primary={
                      <>
                        {collision.message}
                        <Chip
                          size="small"
                          variant="outlined"
                          label={COLLISION_KINDS[collision.kind]}
                          className={classes.kind}
                        />
                      </>
                    }
                    secondaryTypographyProps={{ component: 'div' }}
                    secondary={
                      <>
                        <div>
                          {collision.releaseIds.map((id, index) => (
                            <Fragment key={id}>
                              {index > 0 && ' and '}
                              <ReleaseLink releaseId={id} titles={titles} />
                            </Fragment>
                          ))}
                        </div>
                        <div>
                          Overlap:{' '}
                          {formatWindow(
                            collision.overlap.start,
                            collision.overlap.end,
                          )}
                        </div>
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Freeze conflicts"
          titleTypographyProps={{ component: 'h2' }}
          noPadding
        >
          {data.freezeConflicts.length === 0 ? (
            <Box p={2}>
              <Typography variant="body2" color="textSecondary">
                No release is planned into a freeze window in this period.
              </Typography>
            </Box>
          ) : (
            <List dense aria-label="Freeze conflicts">
              {data.freezeConflicts.map(conflict => (
                <ListItem
                  key={`${conflict.releaseId}:${conflict.window}:${conflict.overlap.start}`}
                  alignItems="flex-start"
                >
                  <ListItemIcon className={classes.freeze}>
                    <AcUnitIcon aria-hidden />
                  </ListItemIcon>
                  <ListItemText
                    className={classes.text}
                    primary={
                      <>
                        <ReleaseLink
                          releaseId={conflict.releaseId}
                          titles={titles}
                        />
                        : <span>{conflict.message}</span>
                      </>
                    }
                    secondaryTypographyProps={{ component: 'div' }}
                    secondary={
                      <>
                        <div>
                          Window: {conflict.window}
                          {conflict.environments.length > 0 &&
                            ` (${conflict.environments.join(', ')})`}
                        </div>
                        <div>
                          Overlap:{' '}
                          {formatWindow(
                            conflict.overlap.start,
                            conflict.overlap.end,
                          )}
                        </div>
                      </>
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}
