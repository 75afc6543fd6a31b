import {
  ExitCriterion,
  FINISHED_TASK_STATUSES,
  PHASE_LABELS,
  PHASE_PATH,
  Release,
  ReleaseExitCriteria,
  ReleasePhase,
} from '@backstage-itsm/plugin-releases-common';
import { PlanGovernance } from '../governance/ReleaseGovernance';
import { TransactionStep } from '../releases/ReleaseStore';
import { FieldConflictError } from '../service/errors';
import { PlanSettings, SignoffSettings } from './planConfig';
import { PlanRowsRead, PlanStore } from './PlanStore';

/** A sign-off the configuration asks of a release, with the phase that asks for it. */
export type RequiredSignoff = SignoffSettings & { phase: ReleasePhase };

/** The phase an advance from `phase` moves to, if any. */
export function nextPhase(phase: ReleasePhase): ReleasePhase | null {
  const index = PHASE_PATH.indexOf(phase);
  return index >= 0 && index < PHASE_PATH.length - 1
    ? PHASE_PATH[index + 1]
    : null;
}

const appliesTo = (types: string[] | undefined, release: Release) =>
  !types || types.includes(release.type);

/**
 * The exit criteria of each phase, as configured, evaluated for a release
 * as it is: its phase's tasks done or skipped, required roles filled before
 * it leaves plan, named sign-offs given in the current round, and a
 * successful deployment of its versions to a pre-production environment.
 * Governance asks it on every move forward; the release page shows it.
 */
export class ExitCriteria implements PlanGovernance {
  constructor(
    private readonly options: { store: PlanStore; settings: PlanSettings },
  ) {}

  /** Every sign-off the release asks for, in phase order. */
  requiredSignoffs(release: Pick<Release, 'type'>): RequiredSignoff[] {
    return PHASE_PATH.flatMap(phase =>
      (this.options.settings.exitCriteria[phase]?.signoffs ?? [])
        .filter(s => appliesTo(s.types, release as Release))
        .map(s => ({ ...s, phase })),
    );
  }

  /**
   * The criteria of the release's current phase, each met or not; `known`
   * holds the plan's rows when they were read with the release.
   */
  async evaluate(
    release: Release,
    known: Partial<PlanRowsRead> = {},
  ): Promise<ReleaseExitCriteria> {
    const { store, settings } = this.options;
    const next = nextPhase(release.phase);
    const phaseSettings = settings.exitCriteria[release.phase];
    if (!next || !phaseSettings) {
      return { phase: release.phase, next, met: true, criteria: [] };
    }
    const phaseLabel = PHASE_LABELS[release.phase];
    const criteria: ExitCriterion[] = [];

    if (release.phase === 'plan') {
      const required = settings.roles.filter(r => r.requiredToLeavePlan);
      if (required.length > 0) {
        const held = new Map(
          (
            known.roles ??
            (await store.roles([release.id])).get(release.id) ??
            []
          ).map(r => [r.roleId, r.holder]),
        );
        for (const role of required) {
          const holder = held.get(role.id);
          criteria.push({
            id: `role:${role.id}`,
            kind: 'role',
            label: `${role.title} assigned`,
            met: Boolean(holder),
            detail: holder
              ? `held by ${holder}`
              : `nobody holds the ${role.title} role yet`,
          });
        }
      }
    }

    if (phaseSettings.tasks) {
      const phaseTasks =
        known.phaseTasks ??
        (await store.tasks(release.id, { phases: [release.phase] }));
      if (phaseTasks.length > 0) {
        const open = phaseTasks.filter(
          t => !FINISHED_TASK_STATUSES.includes(t.status),
        );
        criteria.push({
          id: 'tasks',
          kind: 'tasks',
          label: `Tasks of ${phaseLabel} done or skipped`,
          met: open.length === 0,
          detail:
            open.length === 0
              ? `all ${phaseTasks.length} done or skipped`
              : `${open.length} of ${phaseTasks.length} still open: ${open
                  .map(t => `"${t.title}"`)
                  .join(', ')}`,
        });
      }
    }

    const asked = phaseSettings.signoffs.filter(s =>
      appliesTo(s.types, release),
    );
    if (asked.length > 0) {
      const all = known.signoffs ?? (await store.signoffs(release.id));
      const { signoffRound } =
        known.planState ?? (await store.planState(release.id));
      for (const signoff of asked) {
        const given = all.find(
          s => s.name === signoff.name && s.round === signoffRound,
        );
        criteria.push({
          id: `signoff:${signoff.name}`,
          kind: 'signoff',
          label: `${signoff.name} signed off`,
          met: Boolean(given),
          detail: given
            ? `by ${given.signer} at ${given.signedAt}`
            : `not signed off in this round yet; ${this.signerOf(
                signoff,
              )} signs it`,
        });
      }
    }

    const deployment = phaseSettings.deployment;
    if (deployment && appliesTo(deployment.types, release)) {
      const deployed = await store.deployedComponents(
        release.id,
        release.components,
        deployment.environment,
      );
      const missing = release.components.filter(
        c => !deployed.has(c.entityRef),
      );
      criteria.push({
        id: `deployment:${deployment.environment}`,
        kind: 'deployment',
        label: `Deployed to ${deployment.environment}`,
        met: missing.length === 0,
        detail:
          missing.length === 0
            ? `every component's version deployed successfully to ${deployment.environment}`
            : `no successful deployment to ${
                deployment.environment
              } yet of ${missing
                .map(c =>
                  c.version ? `${c.entityRef} ${c.version}` : c.entityRef,
                )
                .join(', ')}`,
      });
    }

    return {
      phase: release.phase,
      next,
      met: criteria.every(c => c.met),
      criteria,
    };
  }

  /** Who gives a sign-off, in words. */
  signerOf(signoff: SignoffSettings): string {
    if (signoff.role) {
      const role = this.options.settings.roles.find(r => r.id === signoff.role);
      return `the ${role?.title ?? signoff.role}`;
    }
    return `a member of ${signoff.group}`;
  }

  async assertExitCriteria(
    release: Release,
    to: ReleasePhase,
  ): Promise<TransactionStep> {
    const { store } = this.options;
    // Read before the criteria: a plan change after this point fails the move.
    const { planRevision } = await store.planState(release.id);
    const { criteria } = await this.evaluate(release);
    const unmet = criteria.filter(c => !c.met);
    if (unmet.length > 0) {
      throw new FieldConflictError(
        unmet.map(c => ({
          field: 'exitCriteria',
          message: `not met before ${PHASE_LABELS[to]}: ${c.label} (${c.detail})`,
        })),
      );
    }
    return store.guardStep(release.id, planRevision);
  }

  resetSignoffs(release: Release): TransactionStep {
    return this.options.store.resetSignoffsStep(release.id);
  }
}
