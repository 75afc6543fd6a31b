import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  CabAgendaItem,
  CabDecisionValue,
} from '@backstage-itsm/plugin-releases-common';
import { releaseRouteRef } from '../../routes';
import { ConflictList } from '../shared/ConflictList';
import { EntityName } from '../shared/EntityName';
import { formatDateTime, formatWindow } from '../shared/format';
import { useLabels } from '../shared/labels';
import { TypeChip } from '../shared/ReleaseChips';
import { decisionLabel, itemStateLabel } from './cabText';

const useStyles = makeStyles(theme => ({
  item: { padding: theme.spacing(2) },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.75),
    margin: theme.spacing(1.5, 0),
    '& dt': { fontWeight: theme.typography.fontWeightMedium as number },
    '& dd': { margin: 0 },
  },
  text: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

const STATE_COLORS: Record<
  CabAgendaItem['state'],
  'default' | 'primary' | 'secondary'
> = {
  pending: 'default',
  deferred: 'default',
  approved: 'primary',
  rejected: 'secondary',
};

/** One release on a meeting's agenda, with what the board needs to decide on it. */
export function AgendaItemCard(props: {
  item: CabAgendaItem;
  canDecide: boolean;
  onDecide: (decision: CabDecisionValue) => void;
}) {
  const { item, canDecide, onDecide } = props;
  const { release } = item;
  const classes = useStyles();
  const labels = useLabels();
  const releaseLink = useRouteRef(releaseRouteRef);
  const headingId = `agenda-item-${release.id}`;
  const decided = item.state === 'approved' || item.state === 'rejected';

  return (
    <Paper
      variant="outlined"
      className={classes.item}
      component="article"
      aria-labelledby={headingId}
    >
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <Typography variant="h6" component="h3" id={headingId}>
          <Link to={releaseLink({ releaseId: release.id })}>
            {release.title}
          </Link>
        </Typography>
        <TypeChip type={release.type} />
        <Chip
          size="small"
          color={STATE_COLORS[item.state]}
          label={itemStateLabel(item.state)}
        />
        {item.source === 'manual' && (
          <Chip size="small" variant="outlined" label="Added by hand" />
        )}
      </Box>
      <dl className={classes.facts}>
        <dt>Planned</dt>
        <dd>{formatWindow(release.plannedStart, release.plannedEnd)}</dd>
        <dt>Environments</dt>
        <dd>{release.environments.join(', ')}</dd>
        <dt>Risk</dt>
        <dd>
          {release.risk
            ? `${labels.riskLevel(release.risk.level)} (score ${
                release.risk.score
              })`
            : 'Not assessed yet'}
        </dd>
        <dt>Components</dt>
        <dd>
          {release.components.map((component, i) => (
            <span key={component.entityRef}>
              {i > 0 && ', '}
              <EntityName entityRef={component.entityRef} />
              {component.version && ` ${component.version}`}
            </span>
          ))}
        </dd>
        <dt>Conflicts</dt>
        <dd>
          <ConflictList
            warnings={item.warnings}
            empty="No collisions or freeze conflicts."
          />
        </dd>
        <dt>Rollback plan</dt>
        <dd>
          {release.rollbackPlan ? (
            <>
              <span className={classes.text}>{release.rollbackPlan.text}</span>
              {release.rollbackPlan.link && (
                <>
                  {' '}
                  <Link to={release.rollbackPlan.link}>Runbook</Link>
                </>
              )}
            </>
          ) : (
            <Typography
              variant="body2"
              component="span"
              color={item.rollbackPlanRequired ? 'error' : 'textSecondary'}
            >
              {item.rollbackPlanRequired
                ? 'None yet: required before deploy'
                : 'None given'}
            </Typography>
          )}
        </dd>
        {item.source === 'manual' && item.addedBy && (
          <>
            <dt>Added by</dt>
            <dd>
              <EntityName entityRef={item.addedBy} defaultKind="user" />
              {item.addedAt && `, ${formatDateTime(item.addedAt)}`}
              {item.note && <span className={classes.text}>: {item.note}</span>}
            </dd>
          </>
        )}
        {item.decisions.length > 0 && (
          <>
            <dt>Decisions</dt>
            <dd>
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {item.decisions.map(decision => (
                  <li key={decision.id}>
                    {decisionLabel(decision.decision)} by{' '}
                    <EntityName
                      entityRef={decision.decidedBy}
                      defaultKind="user"
                    />
                    , {formatDateTime(decision.decidedAt)}
                    {decision.comment && (
                      <span className={classes.text}>: {decision.comment}</span>
                    )}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {canDecide && !decided && (
        <Box display="flex" gridGap={8}>
          <Button
            variant="contained"
            color="primary"
            onClick={() => onDecide('approved')}
            aria-label={`Approve ${release.title}`}
          >
            Approve
          </Button>
          <Button
            variant="outlined"
            color="secondary"
            onClick={() => onDecide('rejected')}
            aria-label={`Reject ${release.title}`}
          >
            Reject
          </Button>
          <Button
            variant="outlined"
            onClick={() => onDecide('deferred')}
            aria-label={`Defer ${release.title}`}
          >
            Defer
          </Button>
        </Box>
      )}
    </Paper>
  );
}
