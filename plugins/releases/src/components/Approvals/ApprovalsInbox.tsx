import { useId, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import CloseIcon from '@material-ui/icons/Close';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ApprovalDecisionValue,
  InboxItem,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { releaseRouteRef } from '../../routes';
import { formatWindow, localZoneName } from '../shared/format';
import { PhaseChip, TypeChip } from '../shared/ReleaseChips';
import { describeRule } from './approvalsText';
import { DecisionDialog } from './DecisionDialog';

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
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1.5, 0, 0),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
}));

interface Deciding {
  item: InboxItem;
  decision: ApprovalDecisionValue;
}

function InboxEntry(props: {
  item: InboxItem;
  onDecide: (decision: ApprovalDecisionValue) => void;
}) {
  const { item, onDecide } = props;
  const { release } = item;
  const classes = useStyles();
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
                label="Overdue review"
                className={classes.overdue}
              />
            )}
            {!item.overdue && item.stage === 'review' && (
              <Chip
                size="small"
                variant="outlined"
                label="Review after break-glass"
              />
            )}
          </Box>
          <Box component="dl" className={classes.facts}>
            <dt>Owner</dt>
            <dd>
              <EntityRefLink entityRef={release.owner} defaultKind="group" />
            </dd>
            <dt>Planned</dt>
            <dd>{formatWindow(release.plannedStart, release.plannedEnd)}</dd>
            <dt>Needs you for</dt>
            <dd>
              {item.rules.length === 0 ? (
                'Your decision'
              ) : (
                <Box component="ul" m={0} pl={0} style={{ listStyle: 'none' }}>
                  {item.rules.map(rule => (
                    <li key={rule.key}>{describeRule(rule)}</li>
                  ))}
                </Box>
              )}
            </dd>
          </Box>
        </Box>
        <Box display="flex" gridGap={8} flexShrink={0}>
          <Button
            variant="contained"
            color="primary"
            startIcon={<CheckIcon />}
            onClick={() => onDecide('approved')}
          >
            Approve
          </Button>
          <Button
            variant="outlined"
            startIcon={<CloseIcon />}
            onClick={() => onDecide('rejected')}
          >
            Reject
          </Button>
        </Box>
      </Paper>
    </li>
  );
}

/** The releases the signed-in user may decide on now, most urgent first. */
export function ApprovalsInbox() {
  const classes = useStyles();
  const releasesApi = useApi(releasesApiRef);
  const inbox = useAsyncRetry(() => releasesApi.getInbox(), [releasesApi]);
  const [decided, setDecided] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<Deciding>();

  if (inbox.error) {
    return <ResponseErrorPanel error={inbox.error} />;
  }
  if (!inbox.value) {
    return <Progress />;
  }

  const items = inbox.value.items.filter(
    item => !decided.includes(item.release.id),
  );

  return (
    <>
      {items.length === 0 ? (
        <EmptyState
          missing="content"
          title="Nothing waits for your approval."
          description="Releases that need your decision show up here, and next to Approvals in the sidebar."
        />
      ) : (
        <>
          <Box
            component="ul"
            className={classes.list}
            aria-label="Releases waiting for your approval"
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
              Times are shown in your time zone ({localZoneName()}).
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
