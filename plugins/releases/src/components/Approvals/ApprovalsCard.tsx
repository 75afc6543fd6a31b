import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import CheckIcon from '@material-ui/icons/Check';
import CloseIcon from '@material-ui/icons/Close';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ApprovalDecisionValue,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { errorMessage } from '../shared/errors';
import { ApprovalDecisions } from './ApprovalDecisions';
import { ApprovalRules } from './ApprovalRules';
import { ApprovalStatusChip } from './ApprovalStatusChip';
import { asSentence } from './approvalsText';
import { BreakGlassAlert } from './BreakGlassAlert';
import { DecisionDialog } from './DecisionDialog';

export interface ApprovalsCardProps {
  release: Release;
  /** Called after the signed-in user decided, so the page can refresh its history. */
  onDecided?: () => void;
}

/** The release's approval status, its rules, the decisions and the user's own say. */
export function ApprovalsCard(props: ApprovalsCardProps) {
  const { release, onDecided } = props;
  const releasesApi = useApi(releasesApiRef);
  const [deciding, setDeciding] = useState<ApprovalDecisionValue>();

  const approvalsState = useAsyncRetry(
    () => releasesApi.getApprovals(release.id),
    // Phase, revision and break-glass change what the approvals say.
    [
      releasesApi,
      release.id,
      release.revision,
      release.phase,
      release.approvalRound,
      release.breakGlass?.at,
    ],
  );
  const approvals = approvalsState.value;

  let content;
  if (approvalsState.error) {
    content = (
      <Alert severity="error">
        Could not load the approvals: {errorMessage(approvalsState.error)}
      </Alert>
    );
  } else if (!approvals) {
    content = <Progress />;
  } else {
    const mayDecide = approvals.viewer.canDecide;
    content = (
      <Box display="grid" gridGap={16}>
        {approvals.review && <BreakGlassAlert review={approvals.review} />}
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          gridGap={8}
          role="status"
          aria-label="Approval status"
        >
          <Typography variant="body2" component="span">
            Status
          </Typography>
          <ApprovalStatusChip status={approvals.status} />
          <Typography variant="body2" color="textSecondary" component="span">
            {approvals.policies.length > 0
              ? `Round ${approvals.round} · policies: ${approvals.policies.join(
                  ', ',
                )}`
              : 'No approval policy applies to this release.'}
          </Typography>
        </Box>
        {approvals.rules.length > 0 && (
          <ApprovalRules rules={approvals.rules} />
        )}
        {approvals.separationOfDuties && approvals.rules.length > 0 && (
          <Typography variant="caption" color="textSecondary">
            Separation of duties: whoever created the release cannot approve it,
            and each person counts once.
          </Typography>
        )}
        <Box>
          <Typography variant="subtitle2" component="h4" gutterBottom>
            Decisions
          </Typography>
          <ApprovalDecisions
            decisions={approvals.decisions}
            round={approvals.round}
          />
        </Box>
        {mayDecide ? (
          <Box display="flex" gridGap={8}>
            <Button
              variant="contained"
              color="primary"
              startIcon={<CheckIcon />}
              onClick={() => setDeciding('approved')}
            >
              Approve
            </Button>
            <Button
              variant="outlined"
              startIcon={<CloseIcon />}
              onClick={() => setDeciding('rejected')}
            >
              Reject
            </Button>
          </Box>
        ) : (
          approvals.viewer.reason &&
          approvals.rules.length > 0 && (
            <Typography variant="caption" color="textSecondary">
              {asSentence(approvals.viewer.reason)}
            </Typography>
          )
        )}
      </Box>
    );
  }

  return (
    <InfoCard title="Approvals" titleTypographyProps={{ component: 'h3' }}>
      {content}
      {deciding && approvals && (
        <DecisionDialog
          release={release}
          decision={deciding}
          onClose={() => setDeciding(undefined)}
          onDecided={() => {
            setDeciding(undefined);
            approvalsState.retry();
            onDecided?.();
          }}
        />
      )}
    </InfoCard>
  );
}
