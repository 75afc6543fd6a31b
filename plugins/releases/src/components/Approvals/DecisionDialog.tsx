import { useState } from 'react';
import Box from '@material-ui/core/Box';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  ApprovalDecisionValue,
  ApprovalRuleStatus,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { errorMessage, responseStatus } from '../shared/errors';
import { ReasonDialog } from '../shared/ReasonDialog';
import { useReleasesT } from '../shared/labels';
import { asSentence, RuleText } from './approvalsText';

export interface DecisionDialogProps {
  release: Pick<Release, 'id' | 'title'>;
  decision: ApprovalDecisionValue;
  /** The rules the decision counts towards, to remind the approver. */
  rules?: ApprovalRuleStatus[];
  onClose: () => void;
  /** The decision was recorded, or refused because the release changed (409). */
  onDecided: () => void;
}

/** Approves or rejects a release with a comment; a rejection must say why. */
export function DecisionDialog(props: DecisionDialogProps) {
  const { release, decision, rules, onClose, onDecided } = props;
  const releasesApi = useApi(releasesApiRef);
  const alertApi = useApi(alertApiRef);
  const t = useReleasesT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const rejecting = decision === 'rejected';

  const decide = async (comment: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await releasesApi.decide(release.id, { decision, comment });
      alertApi.post({
        message: rejecting
          ? t('decision.rejected', { title: release.title })
          : t('decision.approved', { title: release.title }),
        severity: 'success',
        display: 'transient',
      });
      onDecided();
    } catch (e) {
      if (responseStatus(e) === 409) {
        // The release moved on (new round, past the gate): show it as it is now.
        alertApi.post({
          message: `${asSentence(errorMessage(e))} ${t(
            'transition.refusedRefreshed',
          )}`,
          severity: 'warning',
        });
        onDecided();
        return;
      }
      setError(asSentence(errorMessage(e)));
      setBusy(false);
    }
  };

  return (
    <ReasonDialog
      title={rejecting ? t('decision.rejectTitle') : t('decision.approveTitle')}
      description={
        <>
          <Box component="strong" display="block">
            {release.title}
          </Box>
          {rules && rules.length > 0 && (
            <>
              {t('decision.countsTowards')}
              <Box component="ul" my={0.5} pl={3}>
                {rules.map(rule => (
                  <li key={rule.key}>
                    <RuleText rule={rule} />
                  </li>
                ))}
              </Box>
            </>
          )}
          {rejecting && t('decision.rejectWarning')}
        </>
      }
      fieldLabel={t('reasonDialog.comment')}
      required={rejecting}
      helpWhenEmpty={
        rejecting
          ? t('decision.commentRequired')
          : t('decision.commentOptional')
      }
      helpWhenFilled={
        rejecting ? t('decision.commentKept') : t('decision.commentOptional')
      }
      confirmLabel={
        rejecting ? t('decision.rejectTitle') : t('decision.approveTitle')
      }
      confirmColor={rejecting ? 'secondary' : 'primary'}
      busy={busy}
      error={error}
      onConfirm={decide}
      onClose={onClose}
    />
  );
}
