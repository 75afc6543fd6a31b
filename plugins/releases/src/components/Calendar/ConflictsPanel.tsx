import { Fragment } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import AcUnitIcon from '@material-ui/icons/AcUnit';
import WarningIcon from '@material-ui/icons/Warning';
import { InfoCard, Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { CalendarResponse } from '@backstage-itsm/plugin-releases-common';
import { releaseRouteRef } from '../../routes';
import { Conflict, conflictsOfCalendar } from '../shared/ConflictList';
import { formatWindow } from '../shared/format';
import { useReleasesT } from '../shared/labels';

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
  /** Titles of releases that are not on this calendar. */
  outside?: Map<string, string>;
}) {
  const releaseLink = useRouteRef(releaseRouteRef);
  const t = useReleasesT();
  const { releaseId, titles, outside } = props;
  const outsideTitle = outside?.get(releaseId);
  let label = titles.get(releaseId) ?? t('calendar.otherRelease');
  if (!titles.has(releaseId) && outsideTitle) {
    label = t('calendar.outsideRelease', { title: outsideTitle });
  }
  return (
    // Underlined: inside a sentence, colour alone would not mark the link.
    <Link to={releaseLink({ releaseId })} underline="always">
      {label}
    </Link>
  );
}

/**
 * The calendar's collisions and freeze conflicts as lists with links to the
 * releases involved, so they can be read without hovering over bars. A
 * release planned into a recurring freeze is listed once, with every overlap.
 */
export function ConflictsPanel(props: {
  data: Pick<
    CalendarResponse,
    | 'releases'
    | 'otherReleases'
    | 'otherReleasesTruncated'
    | 'collisionsTotal'
    | 'collisions'
    | 'freezeConflicts'
  >;
}) {
  const { data } = props;
  const classes = useStyles();
  const t = useReleasesT();
  const titles = new Map(data.releases.map(r => [r.id, r.title]));
  const outside = new Map((data.otherReleases ?? []).map(r => [r.id, r.title]));
  const conflicts = conflictsOfCalendar(data);
  const collisions = conflicts.filter(c => c.kind === 'collision');
  const freezes = conflicts.filter(c => c.kind === 'freeze');
  const overlaps = (conflict: Conflict) => (
    <div>
      {t('calendar.overlap', {
        dates: conflict.overlaps
          .map(o => formatWindow(o.start, o.end))
          .join('; '),
      })}
    </div>
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard
          title={t('calendar.collisions')}
          titleTypographyProps={{ component: 'h2' }}
          noPadding
        >
          {/* Above the list, which may be long: what it may be missing. */}
          {data.collisionsTotal !== undefined && (
            <Box px={2} pt={2}>
              <Alert severity="info">
                {t('calendar.collisionsBounded', {
                  total: data.collisionsTotal.toLocaleString('en-US'),
                })}
              </Alert>
            </Box>
          )}
          {data.otherReleasesTruncated && (
            <Box px={2} pt={2}>
              <Alert severity="info">
                {t('calendar.otherReleasesTruncated')}
              </Alert>
            </Box>
          )}
          {collisions.length === 0 ? (
            <Box p={2}>
              <Typography variant="body2" color="textSecondary">
                {t('calendar.noCollisions')}
              </Typography>
            </Box>
          ) : (
            <List dense aria-label={t('calendar.collisions')}>
              {collisions.map(collision => {
                const kind = collision.collisionKind;
                return (
                  <ListItem key={collision.key} alignItems="flex-start">
                    <ListItemIcon className={classes.warning}>
                      <WarningIcon aria-hidden />
                    </ListItemIcon>
                    <ListItemText
                      className={classes.text}
                      primary={
                        <>
                          {collision.message}
                          {kind && (
                            <Chip
                              size="small"
                              variant="outlined"
                              label={t(`calendar.collisionKind.${kind}`)}
                              className={classes.kind}
                            />
                          )}
                        </>
                      }
                      secondaryTypographyProps={{ component: 'div' }}
                      secondary={
                        <>
                          <div>
                            {collision.releaseIds.map((id, index) => (
                              <Fragment key={id}>
                                {index > 0 && ` ${t('calendar.and')} `}
                                <ReleaseLink
                                  releaseId={id}
                                  titles={titles}
                                  outside={outside}
                                />
                              </Fragment>
                            ))}
                          </div>
                          {overlaps(collision)}
                        </>
                      }
                    />
                  </ListItem>
                );
              })}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title={t('calendar.freezeConflicts')}
          titleTypographyProps={{ component: 'h2' }}
          noPadding
        >
          {freezes.length === 0 ? (
            <Box p={2}>
              <Typography variant="body2" color="textSecondary">
                {t('calendar.noFreezeConflicts')}
              </Typography>
            </Box>
          ) : (
            <List dense aria-label={t('calendar.freezeConflicts')}>
              {freezes.map(conflict => (
                <ListItem key={conflict.key} alignItems="flex-start">
                  <ListItemIcon className={classes.freeze}>
                    <AcUnitIcon aria-hidden />
                  </ListItemIcon>
                  <ListItemText
                    className={classes.text}
                    primary={
                      <>
                        <ReleaseLink
                          releaseId={conflict.releaseIds[0]}
                          titles={titles}
                        />
                        {': '}
                        {t('conflicts.freeze', {
                          window: conflict.window ?? '',
                        })}
                      </>
                    }
                    secondaryTypographyProps={{ component: 'div' }}
                    secondary={overlaps(conflict)}
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
