import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import EditIcon from '@material-ui/icons/Edit';
import Alert from '@material-ui/lab/Alert';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  isOpenPhase,
  legalTransitions,
  PhaseTransition,
  Release,
  ReleaseApprovals,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { TransitionRefusal } from '../Approvals/TransitionRefusal';
import { errorMessage, responseStatus } from '../shared/errors';
import { ReasonDialog } from '../shared/ReasonDialog';
import { useLabels, useReleasesT } from '../shared/labels';
import { useTransitionLabel } from './transitionLabel';

export interface ReleaseActionsProps {
  release: Release;
  /** What the release's approvals say, when known: an emergency deploy checks it. */
  approvals: ReleaseApprovals | null;
  onEdit: () => void;
  /** The release changed, or the server refused because it had: reload it. */
  onChanged: () => void;
}

interface Refusal {
  message: string;
  /** 409: the release was no longer as shown; the page reloaded it. */
  refreshed: boolean;
}

/** Offers exactly the moves the phase table allows from the current phase. */
export function ReleaseActions(props: ReleaseActionsProps) {
  const { release, approvals, onEdit, onChanged } = props;
  const releasesApi = useApi(releasesApiRef);
  const alertApi = useApi(alertApiRef);
  const t = useReleasesT();
  const labels = useLabels();
  const transitionLabel = useTransitionLabel();
  // A move that asks for a reason first: stepping back, cancelling, breaking glass.
  const [asking, setAsking] = useState<{
    move: PhaseTransition;
    breakGlass: boolean;
  }>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();

  const transition = async (move: PhaseTransition, reason?: string) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      const updated = await releasesApi.transitionRelease(release.id, {
        to: move.to,
        ...(reason && { reason }),
      });
      setAsking(undefined);
      alertApi.post({
        message:
          move.kind === 'cancel'
            ? t('transition.cancelled', { title: release.title })
            : t('transition.moved', {
                title: release.title,
                phase: labels.phase(updated.phase),
              }),
        severity: 'success',
        display: 'transient',
      });
      onChanged();
    } catch (e) {
      const conflict = responseStatus(e) === 409;
      setRefusal({ message: errorMessage(e), refreshed: conflict });
      if (conflict) {
        // Someone else moved or changed it: show what it is now.
        setAsking(undefined);
        onChanged();
      }
    } finally {
      setBusy(false);
    }
  };

  const start = (move: PhaseTransition) => {
    setRefusal(undefined);
    const approved =
      !approvals ||
      approvals.status === 'approved' ||
      approvals.status === 'not_required';
    if (
      move.kind === 'advance' &&
      move.to === 'deploy' &&
      release.type === 'emergency' &&
      !approved
    ) {
      // An emergency release may deploy before it is approved, but only on purpose.
      setAsking({ move, breakGlass: true });
    } else if (move.kind === 'advance') {
      transition(move);
    } else {
      setAsking({ move, breakGlass: false });
    }
  };

  const moves = legalTransitions(release.phase);
  const dialogError =
    asking && refusal && !refusal.refreshed ? (
      <TransitionRefusal message={refusal.message} />
    ) : undefined;

  let dialog = null;
  if (asking?.breakGlass) {
    dialog = (
      <ReasonDialog
        title={t('breakGlass.title')}
        description={t('breakGlass.text')}
        required
        helpWhenEmpty={t('breakGlass.reasonRequired')}
        helpWhenFilled={t('breakGlass.reasonKept')}
        confirmLabel={t('breakGlass.confirm')}
        confirmColor="secondary"
        maxLength={2000}
        busy={busy}
        error={dialogError}
        onConfirm={reason => transition(asking.move, reason)}
        onClose={() => {
          setAsking(undefined);
          setRefusal(undefined);
        }}
      />
    );
  } else if (asking) {
    const { move } = asking;
    dialog = (
      <ReasonDialog
        title={transitionLabel(move)}
        description={
          move.kind === 'cancel'
            ? t('transition.cancelText')
            : t('transition.backText', { phase: labels.phase(move.to) })
        }
        required={move.reasonRequired}
        helpWhenEmpty={
          move.reasonRequired
            ? t('transition.reasonRequired')
            : t('transition.reasonOptional')
        }
        helpWhenFilled={t('transition.reasonKept')}
        confirmLabel={t('actions.confirm')}
        busy={busy}
        error={dialogError}
        onConfirm={reason => transition(move, reason || undefined)}
        onClose={() => {
          setAsking(undefined);
          setRefusal(undefined);
        }}
      />
    );
  }

  return (
    <>
      <Box display="flex" flexWrap="wrap" gridGap={8} alignItems="center">
        {moves.map(move => (
          <Button
            key={move.to}
            variant={move.kind === 'advance' ? 'contained' : 'outlined'}
            color={move.kind === 'cancel' ? 'secondary' : 'primary'}
            disabled={busy}
            onClick={() => start(move)}
          >
            {transitionLabel(move)}
          </Button>
        ))}
        {isOpenPhase(release.phase) && (
          <Button
            variant="outlined"
            startIcon={<EditIcon />}
            onClick={onEdit}
            disabled={busy}
          >
            {t('actions.edit')}
          </Button>
        )}
      </Box>
      {refusal && !dialogError && (
        <Box mt={2}>
          <Alert
            severity={refusal.refreshed ? 'warning' : 'error'}
            onClose={() => setRefusal(undefined)}
          >
            <TransitionRefusal message={refusal.message} />
            {refusal.refreshed && (
              <Box mt={0.5}>{t('transition.refusedRefreshed')}</Box>
            )}
          </Alert>
        </Box>
      )}
      {dialog}
    </>
  );
}
