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
import { humanizeValue, useLabels, useReleasesT } from '../shared/labels';
import { describeActor } from '../Versions/labels';
import { ChangeValue } from './ChangeValue';
import { changedFields, describeEvent } from './describeEvent';

const useStyles = makeStyles(theme => ({
  item: {
    borderLeft: `2px solid ${theme.palette.divider}`,
    marginLeft: theme.spacing(1),
    paddingLeft: theme.spacing(2),
  },
  // The Backstage theme keeps list items on one line; history must wrap.
  text: {
    '&&': { whiteSpace: 'normal', overflow: 'visible' },
    overflowWrap: 'anywhere',
  },
  changes: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2),
  },
}));

const FIELDS = [
  'title',
  'description',
  'type',
  'phase',
  'plannedStart',
  'plannedEnd',
  'actualStart',
  'actualEnd',
  'owner',
  'components',
  'environments',
  'approvalRound',
  'breakGlass',
  'outcome',
  'risk',
] as const;

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
  return <strong>{describeActor(actor)}</strong>;
}

export function ReleaseHistory(props: { events: ReleaseEvent[] }) {
  const classes = useStyles();
  const t = useReleasesT();
  const labels = useLabels();
  const fieldLabel = (field: string) =>
    (FIELDS as readonly string[]).includes(field)
      ? t(`history.fields.${field as (typeof FIELDS)[number]}`)
      : humanizeValue(
          field.replace(/([a-z])([A-Z])/g, '$1 $2').toLocaleLowerCase('en-US'),
        );
  const events = [...props.events].sort((a, b) => b.at.localeCompare(a.at));

  if (events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('history.empty')}
      </Typography>
    );
  }

  return (
    <List dense aria-label={t('history.label')}>
      {events.map(event => {
        const changes = changedFields(event);
        return (
          <ListItem key={event.id} className={classes.item} disableGutters>
            <ListItemText
              className={classes.text}
              disableTypography
              primary={
                <Typography variant="body2" component="div">
                  <Actor actor={event.actor} />{' '}
                  <span>{describeEvent(event, t, labels)}</span>
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
                      {t('history.reason')}: {event.reason}
                    </Typography>
                  )}
                  {changes.length > 0 && (
                    <ul className={classes.changes}>
                      {changes.map(change => (
                        <li key={change.field}>
                          <Typography variant="body2" component="span">
                            {fieldLabel(change.field)}:{' '}
                            <ChangeValue
                              field={change.field}
                              value={change.before}
                              t={t}
                              labels={labels}
                            />{' '}
                            →{' '}
                            <ChangeValue
                              field={change.field}
                              value={change.after}
                              t={t}
                              labels={labels}
                            />
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
