import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import CheckIcon from '@material-ui/icons/Check';
import CloseIcon from '@material-ui/icons/Close';
import { InfoCard } from '@backstage/core-components';
import {
  ApprovalDecisionValue,
  Release,
  ReleaseApprovals,
} from '@backstage-itsm/plugin-releases-common';
import { useReleasesT } from '../shared/labels';
import { ApprovalDecisions } from './ApprovalDecisions';
import { ApprovalRules } from './ApprovalRules';
import { ApprovalStatusChip } from './ApprovalStatusChip';
import { asSentence } from './approvalsText';
import { BreakGlassAlert } from './BreakGlassAlert';
import { DecisionDialog } from './DecisionDialog';

export interface ApprovalsCardProps {
  release: Release;
  /** The release's approvals as `GET /releases/:id` answered them; `null` when it did not say. */
  approvals: ReleaseApprovals | null;
  /** Called after the signed-in user decided, so the page reloads the release. */
  onDecided?: () => void;
}

/** The release's approval status, its rules, the decisions and the user's own say. */
export function ApprovalsCard(props: ApprovalsCardProps) {
  const { release, approvals, onDecided } = props;
  const t = useReleasesT();
  const [deciding, setDeciding] = useState<ApprovalDecisionValue>();

  let content;
  if (!approvals) {
    content = (
      <Typography variant="body2" color="textSecondary">
        {t('approvals.unavailable')}
      </Typography>
    );
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
          aria-label={t('approvals.statusLabel')}
        >
          <Typography variant="body2" component="span">
            {t('approvals.status')}
          </Typography>
          <ApprovalStatusChip status={approvals.status} />
          <Typography variant="body2" color="textSecondary" component="span">
            {approvals.policies.length > 0
              ? t('approvals.roundAndPolicies', {
                  round: String(approvals.round),
                  policies: approvals.policies.join(', '),
                })
              : t('approvals.noPolicy')}
          </Typography>
        </Box>
        {approvals.rules.length > 0 && (
          <ApprovalRules rules={approvals.rules} />
        )}
        {approvals.separationOfDuties && approvals.rules.length > 0 && (
          <Typography variant="caption" color="textSecondary">
            {t('approvals.separationOfDuties')}
          </Typography>
        )}
        <Box>
          <Typography variant="subtitle2" component="h4" gutterBottom>
            {t('approvals.decisions')}
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
              {t('actions.approve')}
            </Button>
            <Button
              variant="outlined"
              startIcon={<CloseIcon />}
              onClick={() => setDeciding('rejected')}
            >
              {t('actions.reject')}
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
    <InfoCard
      title={t('approvals.cardTitle')}
      titleTypographyProps={{ component: 'h3' }}
    >
      {content}
      {deciding && (
        <DecisionDialog
          release={release}
          decision={deciding}
          onClose={() => setDeciding(undefined)}
          onDecided={() => {
            setDeciding(undefined);
            onDecided?.();
          }}
        />
      )}
    </InfoCard>
  );
}
