import { useCallback } from 'react';
import { PhaseTransition } from '@backstage-itsm/plugin-releases-common';
import { useLabels, useReleasesT } from '../shared/labels';

/** `Move to Design`, `Back to Plan` or `Cancel release`. */
export function useTransitionLabel(): (transition: PhaseTransition) => string {
  const t = useReleasesT();
  const labels = useLabels();
  return useCallback(
    (transition: PhaseTransition) => {
      switch (transition.kind) {
        case 'advance':
          return t('actions.moveTo', { phase: labels.phase(transition.to) });
        case 'back':
          return t('actions.backTo', { phase: labels.phase(transition.to) });
        default:
          return t('actions.cancelRelease');
      }
    },
    [t, labels],
  );
}
