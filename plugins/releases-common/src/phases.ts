/**
 * The release lifecycle: plan → design → build → test → deploy → review → closed,
 * with `cancelled` reachable from every open phase.
 *
 * @public
 */
export const RELEASE_PHASES = [
  'plan',
  'design',
  'build',
  'test',
  'deploy',
  'review',
  'closed',
  'cancelled',
] as const;

/** @public */
export type ReleasePhase = (typeof RELEASE_PHASES)[number];

/**
 * The forward path a release walks, one step at a time.
 *
 * @public
 */
export const PHASE_PATH: readonly ReleasePhase[] = [
  'plan',
  'design',
  'build',
  'test',
  'deploy',
  'review',
  'closed',
];

/**
 * Phases in which a release is still being worked on.
 *
 * @public
 */
export const OPEN_PHASES: readonly ReleasePhase[] = [
  'plan',
  'design',
  'build',
  'test',
  'deploy',
  'review',
];

/** @public */
export const TERMINAL_PHASES: readonly ReleasePhase[] = ['closed', 'cancelled'];

/** @public */
export type TransitionKind = 'advance' | 'back' | 'cancel';

/** @public */
export interface PhaseTransition {
  from: ReleasePhase;
  to: ReleasePhase;
  kind: TransitionKind;
  /** Stepping back a phase must say why; the reason lands in the history. */
  reasonRequired: boolean;
}

/** @public */
export const PHASE_LABELS: Record<ReleasePhase, string> = {
  plan: 'Plan',
  design: 'Design',
  build: 'Build',
  test: 'Test',
  deploy: 'Deploy',
  review: 'Review',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

/** @public */
export function isOpenPhase(phase: ReleasePhase): boolean {
  return OPEN_PHASES.includes(phase);
}

/**
 * Every move that is legal from `from`, in the order a UI should offer them.
 *
 * @public
 */
export function legalTransitions(from: ReleasePhase): PhaseTransition[] {
  if (!isOpenPhase(from)) {
    return [];
  }
  const index = PHASE_PATH.indexOf(from);
  const moves: PhaseTransition[] = [
    { from, to: PHASE_PATH[index + 1], kind: 'advance', reasonRequired: false },
  ];
  if (index > 0) {
    moves.push({
      from,
      to: PHASE_PATH[index - 1],
      kind: 'back',
      reasonRequired: true,
    });
  }
  moves.push({ from, to: 'cancelled', kind: 'cancel', reasonRequired: false });
  return moves;
}

/**
 * The transition from `from` to `to`, or undefined when that move is illegal.
 *
 * @public
 */
export function findTransition(
  from: ReleasePhase,
  to: ReleasePhase,
): PhaseTransition | undefined {
  return legalTransitions(from).find(t => t.to === to);
}
