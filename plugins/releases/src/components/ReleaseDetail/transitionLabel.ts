import { PhaseTransition } from '@backstage-itsm/plugin-releases-common';
import { phaseLabel } from '../shared/format';

/** `Move to Design`, `Back to Plan` or `Cancel release`. */
export function transitionLabel(transition: PhaseTransition): string {
  switch (transition.kind) {
    case 'advance':
      return `Move to ${phaseLabel(transition.to)}`;
    case 'back':
      return `Back to ${phaseLabel(transition.to)}`;
    default:
      return 'Cancel release';
  }
}
