import { ReactNode, useId, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import CloseIcon from '@material-ui/icons/Close';
import {
  EmptyState,
  Link,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ApprovalDecisionValue,
  InboxItem,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useDecided, useInbox, useLoader } from '../../hooks';
import { releaseRouteRef } from '../../routes';
import { ConflictList } from '../shared/ConflictList';
import { isNotFound } from '../shared/errors';
import { formatDateTime, formatWindow, localZoneName } from '../shared/format';
import { useLabels, useReleasesT } from '../shared/labels';
import { RiskLevelChip } from '../Risk/RiskCard';
import { PhaseChip, TypeChip } from '../shared/ReleaseChips';
import { RuleText } from './approvalsText';
import { DecisionDialog } from './DecisionDialog';
import { solidStatus, statusText } from '../shared/contrast';

const DECIDED_PAGE = 10;

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: theme.spacing(2),
  },
  item: {
    padding: theme.spacing(2),
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    justifyContent: 'space-between',
    alignItems: 'flex-start',
  },
  overdue: {
    ...solidStatus(theme, 'error'),
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.75),
    margin: theme.spacing(1.5, 0, 0),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, minWidth: 0 },
  },
  plain: { listStyle: 'none', margin: 0, padding: 0 },
  description: {
    maxHeight: 160,
    overflow: 'auto',
    '& p': { margin: 0 },
  },
  approved: { color: statusText(theme, 'success'), fontWeight: 500 },
  rejected: { color: theme.palette.error.dark, fontWeight: 500 },
  comment: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

/** The freezes and collisions the release's plan runs into, asked for on its own. */
function ReleaseConflicts(props: { release: Release }) {
  const { release } = props;
  const releasesApi = useApi(releasesApiRef);
  const t = useReleasesT();
  const check = useLoader(
    () =>
      releasesApi.checkPlan({
        releaseId: release.id,
        type: release.type,
        plannedStart: release.plannedStart,
        plannedEnd: release.plannedEnd,
        components: release.components,
        environments: release.environments,
      }),
    [releasesApi, release.id, release.revision],
  );
  if (check.error) {
    return <>{t('approvals.conflictsUnknown')}</>;
  }
  if (!check.value) {
    return <>…</>;
  }
  return (
    <ConflictList
      warnings={check.value.warnings}
      empty={t('approvals.noConflicts')}
    />
  );
}

function ReleaseFacts(props: { release: Release; children?: ReactNode }) {
  const { release, children } = props;
  const classes = useStyles();
  const t = useReleasesT();
  return (
    <Box component="dl" className={classes.facts}>
      <dt>{t('approvals.risk')}</dt>
      <dd>
        {release.risk ? (
          <Box display="flex" alignItems="center" gridGap={8}>
            <RiskLevelChip level={release.risk.level} />
            {t('approvals.riskScore', { score: String(release.risk.score) })}
          </Box>
        ) : (
          t('approvals.riskUnknown')
        )}
      </dd>
      <dt>{t('approvals.components')}</dt>
      <dd>
        <ul className={classes.plain}>
          {release.components.map(component => (
            <li key={component.entityRef}>
              <EntityRefLink
                entityRef={component.entityRef}
                defaultKind="component"
              />
              {component.version && ` → ${component.version}`}
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t('approvals.owner')}</dt>
      <dd>
        <EntityRefLink entityRef={release.owner} defaultKind="group" />
      </dd>
      <dt>{t('approvals.requestedBy')}</dt>
      <dd>
        <EntityRefLink entityRef={release.createdBy} defaultKind="user" />
      </dd>
      <dt>{t('approvals.planned')}</dt>
      <dd>{formatWindow(release.plannedStart, release.plannedEnd)}</dd>
      <dt>{t('approvals.conflicts')}</dt>
      <dd>
        <ReleaseConflicts release={release} />
      </dd>
      {release.description && (
        <>
          <dt>{t('approvals.description')}</dt>
          <dd className={classes.description}>
            <MarkdownContent content={release.description} />
          </dd>
        </>
      )}
      {children}
    </Box>
  );
}

function InboxEntry(props: {
  item: InboxItem;
  onDecide: (decision: ApprovalDecisionValue) => void;
}) {
  const { item, onDecide } = props;
  const { release } = item;
  const classes = useStyles();
  const t = useReleasesT();
  const releaseLink = useRouteRef(releaseRouteRef);
  const titleId = useId();

  return (
    <li aria-labelledby={titleId}>
      <Paper variant="outlined" className={classes.item}>
        <Box flex="1 1 420px" minWidth={0}>
          <Typography variant="h6" component="h3" id={titleId}>
            <Link to={releaseLink({ releaseId: release.id })}>
              {release.title}
            </Link>
          </Typography>
          <Box display="flex" flexWrap="wrap" gridGap={8} mt={1}>
            <TypeChip type={release.type} />
            <PhaseChip phase={release.phase} />
            {item.overdue && (
              <Chip
                size="small"
                label={t('approvals.overdueReview')}
                className={classes.overdue}
              />
            )}
            {!item.overdue && item.stage === 'review' && (
              <Chip
                size="small"
                variant="outlined"
                label={t('approvals.reviewAfterBreakGlass')}
              />
            )}
          </Box>
          <ReleaseFacts release={release}>
            <dt>{t('approvals.needsYouFor')}</dt>
            <dd>
              {item.rules.length === 0 ? (
                t('approvals.yourDecision')
              ) : (
                <ul className={classes.plain}>
                  {item.rules.map(rule => (
                    <li key={rule.key}>
                      <RuleText rule={rule} />
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </ReleaseFacts>
        </Box>
        <Box display="flex" gridGap={8} flexShrink={0}>
          <Button
            variant="contained"
            color="primary"
            startIcon={<CheckIcon />}
            onClick={() => onDecide('approved')}
          >
            {t('actions.approve')}
          </Button>
          <Button
            variant="outlined"
            startIcon={<CloseIcon />}
            onClick={() => onDecide('rejected')}
          >
            {t('actions.reject')}
          </Button>
        </Box>
      </Paper>
    </li>
  );
}

/** The releases the signed-in user may decide on now, most urgent first. */
export function ApprovalsInbox() {
  const classes = useStyles();
  const t = useReleasesT();
  const inbox = useInbox();
  const [decided, setDecided] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<{
    item: InboxItem;
    decision: ApprovalDecisionValue;
  }>();

  if (inbox.error && !inbox.value) {
    return <ResponseErrorPanel error={inbox.error} />;
  }
  if (!inbox.value) {
    return <Progress />;
  }

  // A decision leaves the list at once; the reload confirms it.
  const items = inbox.value.items.filter(
    item => !decided.includes(item.release.id),
  );

  return (
    <>
      {inbox.value.truncated && (
        <Box mb={2}>
          <Alert severity="info">{t('approvals.inboxTruncated')}</Alert>
        </Box>
      )}
      {items.length === 0 ? (
        <EmptyState
          missing="content"
          title={t('approvals.nothingWaiting')}
          description={t('approvals.nothingWaitingDescription')}
        />
      ) : (
        <>
          <Box
            component="ul"
            className={classes.list}
            aria-label={t('approvals.inboxLabel')}
          >
            {items.map(item => (
              <InboxEntry
                key={item.release.id}
                item={item}
                onDecide={decision => setDeciding({ item, decision })}
              />
            ))}
          </Box>
          <Box mt={2}>
            <Typography variant="caption" color="textSecondary">
              {t('timeZone', { zone: localZoneName() })}
            </Typography>
          </Box>
        </>
      )}
      {deciding && (
        <DecisionDialog
          release={deciding.item.release}
          decision={deciding.decision}
          rules={deciding.item.rules}
          onClose={() => setDeciding(undefined)}
          onDecided={() => {
            setDecided(ids => [...ids, deciding.item.release.id]);
            setDeciding(undefined);
            inbox.retry();
          }}
        />
      )}
    </>
  );
}

/** What the signed-in user decided, newest first, a page at a time. */
export function DecidedList() {
  const classes = useStyles();
  const t = useReleasesT();
  const labels = useLabels();
  const releaseLink = useRouteRef(releaseRouteRef);
  const [offset, setOffset] = useState(0);
  const decided = useDecided({ limit: DECIDED_PAGE, offset });

  if (decided.error && isNotFound(decided.error)) {
    return (
      <EmptyState missing="info" title={t('approvals.decidedUnavailable')} />
    );
  }
  if (decided.error && !decided.value) {
    return <ResponseErrorPanel error={decided.error} />;
  }
  if (!decided.value) {
    return <Progress />;
  }
  const { items, totalCount } = decided.value;
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('approvals.nothingDecided')}
      </Typography>
    );
  }
  return (
    <>
      <Box
        component="ul"
        className={classes.list}
        aria-label={t('approvals.decidedLabel')}
      >
        {items.map(({ release, decision }) => (
          <li key={decision.id} aria-label={release.title}>
            <Paper variant="outlined" className={classes.item}>
              <Box flex="1 1 420px" minWidth={0}>
                <Typography variant="h6" component="h3">
                  <Link to={releaseLink({ releaseId: release.id })}>
                    {release.title}
                  </Link>
                </Typography>
                <Box display="flex" flexWrap="wrap" gridGap={8} mt={1}>
                  <TypeChip type={release.type} />
                  <PhaseChip phase={release.phase} />
                </Box>
                <Box component="dl" className={classes.facts}>
                  <dt>{t('approvals.decidedOn')}</dt>
                  <dd>
                    <span className={classes[decision.decision]}>
                      {labels.decision(decision.decision)}
                    </span>{' '}
                    {t('approvals.decidedAt', {
                      date: formatDateTime(decision.decidedAt),
                    })}
                  </dd>
                  {decision.comment && (
                    <>
                      <dt>{t('reasonDialog.comment')}</dt>
                      <dd className={classes.comment}>{decision.comment}</dd>
                    </>
                  )}
                  <dt>{t('approvals.owner')}</dt>
                  <dd>
                    <EntityRefLink
                      entityRef={release.owner}
                      defaultKind="group"
                    />
                  </dd>
                  <dt>{t('approvals.planned')}</dt>
                  <dd>
                    {formatWindow(release.plannedStart, release.plannedEnd)}
                  </dd>
                </Box>
              </Box>
            </Paper>
          </li>
        ))}
      </Box>
      <Box mt={2} display="flex" alignItems="center" gridGap={16}>
        <Typography variant="caption" color="textSecondary">
          {t('approvals.showingDecided', {
            first: String(offset + 1),
            last: String(offset + items.length),
            total: String(totalCount),
          })}
        </Typography>
        <Button
          variant="outlined"
          size="small"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - DECIDED_PAGE))}
        >
          {t('approvals.newer')}
        </Button>
        <Button
          variant="outlined"
          size="small"
          disabled={offset + items.length >= totalCount}
          onClick={() => setOffset(offset + DECIDED_PAGE)}
        >
          {t('approvals.older')}
        </Button>
      </Box>
    </>
  );
}
