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
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { BreakGlassDialog } from '../Approvals/BreakGlassDialog';
import { TransitionRefusal } from '../Approvals/TransitionRefusal';
import { errorMessage } from '../shared/errors';
import { phaseLabel } from '../shared/format';
import { TransitionDialog } from './TransitionDialog';
import { transitionLabel } from './transitionLabel';

export interface ReleaseActionsProps {
  release: Release;
  onEdit: () => void;
  onChanged: (release: Release) => void;
}

/** Offers exactly the moves the phase table allows from the current phase. */
export function ReleaseActions(props: ReleaseActionsProps) {
  const { release, onEdit, onChanged } = props;
  const releasesApi = useApi(releasesApiRef);
  const alertApi = useApi(alertApiRef);
  const [asking, setAsking] = useState<PhaseTransition>();
  const [breakingGlass, setBreakingGlass] = useState<PhaseTransition>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const transition = async (move: PhaseTransition, reason?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const updated = await releasesApi.transitionRelease(release.id, {
        to: move.to,
        ...(reason && { reason }),
      });
      setAsking(undefined);
      setBreakingGlass(undefined);
      alertApi.post({
        message:
          move.kind === 'cancel'
            ? `Cancelled "${release.title}"`
            : `"${release.title}" is now in ${phaseLabel(updated.phase)}`,
        severity: 'success',
        display: 'transient',
      });
      onChanged(updated);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  // An emergency release may deploy before it is approved, but only on purpose.
  const deployOrBreakGlass = async (move: PhaseTransition) => {
    setBusy(true);
    let approved = true;
    try {
      const { status } = await releasesApi.getApprovals(release.id);
      approved = status === 'approved' || status === 'not_required';
    } catch {
      // Let the server's deploy gate decide.
    }
    setBusy(false);
    if (approved) {
      transition(move);
    } else {
      setBreakingGlass(move);
    }
  };

  const moves = legalTransitions(release.phase);

  return (
    <>
      <Box display="flex" flexWrap="wrap" gridGap={8} alignItems="center">
        {moves.map(move => (
          <Button
            key={move.to}
            variant={move.kind === 'advance' ? 'contained' : 'outlined'}
            color={move.kind === 'cancel' ? 'secondary' : 'primary'}
            disabled={busy}
            onClick={() => {
              setError(undefined);
              if (
                move.kind === 'advance' &&
                move.to === 'deploy' &&
                release.type === 'emergency'
              ) {
                deployOrBreakGlass(move);
              } else if (move.kind === 'advance') {
                transition(move);
              } else {
                setAsking(move);
              }
            }}
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
            Edit
          </Button>
        )}
      </Box>
      {error && !asking && !breakingGlass && (
        <Box mt={2}>
          <Alert severity="error" onClose={() => setError(undefined)}>
            <TransitionRefusal message={error} />
          </Alert>
        </Box>
      )}
      {breakingGlass && (
        <BreakGlassDialog
          busy={busy}
          error={error}
          onConfirm={reason => transition(breakingGlass, reason)}
          onClose={() => {
            setBreakingGlass(undefined);
            setError(undefined);
          }}
        />
      )}
      {asking && (
        <TransitionDialog
          transition={asking}
          busy={busy}
          error={error}
          onConfirm={reason => transition(asking, reason)}
          onClose={() => {
            setAsking(undefined);
            setError(undefined);
          }}
        />
      )}
    </>
  );
}
