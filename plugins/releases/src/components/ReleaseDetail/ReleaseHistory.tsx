import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import { ReleaseEvent } from '@backstage-itsm/plugin-releases-common';
import { formatDateTime, formatRelative } from '../shared/format';
import { describeChanges, describeEvent } from './describeEvent';

const useStyles = makeStyles(theme => ({
  item: {
    borderLeft: `2px solid ${theme.palette.divider}`,
    marginLeft: theme.spacing(1),
    paddingLeft: theme.spacing(2),
  },
  changes: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2),
  },
}));

function Actor(props: { actor: string }) {
  const { actor } = props;
  try {
    const ref = parseEntityRef(actor);
    if (['user', 'group'].includes(ref.kind.toLocaleLowerCase('en-US'))) {
      return <EntityRefLink entityRef={ref} />;
    }
  } catch {
    // Not an entity ref (e.g. a service principal): show it as it is.
  }
  return <strong>{actor}</strong>;
}

export function ReleaseHistory(props: { events: ReleaseEvent[] }) {
  const classes = useStyles();
  const events = [...props.events].sort((a, b) => b.at.localeCompare(a.at));

  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No history yet.
      </Typography>
    );
  }

  return (
    <List dense aria-label="Release history">
      {events.map(event => {
        const changes = describeChanges(event);
        return (
          <ListItem key={event.id} className={classes.item} disableGutters>
            <ListItemText
              disableTypography
              primary={
                <Typography variant="body2" component="div">
                  <Actor actor={event.actor} />{' '}
                  <span>{describeEvent(event)}</span>
                </Typography>
              }
              secondary={
                <Box>
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    <time dateTime={event.at} title={event.at}>
                      {formatDateTime(event.at)} ({formatRelative(event.at)})
                    </time>
                  </Typography>
                  {event.reason && (
                    <Typography variant="body2" component="div">
                      Reason: {event.reason}
                    </Typography>
                  )}
                  {changes.length > 0 && (
                    <ul className={classes.changes}>
                      {changes.map(change => (
                        <li key={change.field}>
                          <Typography variant="body2" component="span">
                            {change.label}: {change.before} → {change.after}
                          </Typography>
                        </li>
                      ))}
                    </ul>
                  )}
                </Box>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}
