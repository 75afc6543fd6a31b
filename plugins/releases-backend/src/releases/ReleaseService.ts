import {
  CreateReleaseRequest,
  ListReleasesQuery,
  OPEN_PHASES,
  Page,
  PHASE_LABELS,
  Release,
  ReleaseComponent,
  ReleaseEvent,
  ReleasePhase,
  ReleaseRisk,
  UpdateReleaseRequest,
  findTransition,
  isOpenPhase,
  legalTransitions,
  plannedWindowProblem,
} from '@backstage-itsm/plugin-releases-common';
import { randomUUID } from 'node:crypto';
import { RowsRead, RowsWithRelease } from './rowsWithRelease';
import { CatalogReader } from '../catalog/CatalogFacts';
import { normalizeEntityRef } from '../catalog/refs';
import { EnvironmentConfig } from '../config';
import { ApprovalEvaluator } from '../governance/ApprovalEvaluator';
import {
  APPROVED_FIELDS,
  ReleaseGovernance,
} from '../governance/ReleaseGovernance';
import { ReleaseQuery } from '../permissions/rules';
import {
  badField,
  conflictOn,
  FieldInputError,
  releaseNotFound,
} from '../service/errors';
import { ReleaseEffects } from '../service/ReleaseEffects';
import {
  PageRequest,
  ReleasePatch,
  ReleaseScope,
  ReleaseStore,
  TransactionStep,
} from './ReleaseStore';

type ParsedCreate = Omit<CreateReleaseRequest, 'description'> & {
  description: string;
};
type ParsedUpdate = Omit<UpdateReleaseRequest, 'revision'> & {
  revision: number;
};

/** The parts of a release its risk depends on. */
export type RiskSubject = Pick<
  Release,
  'type' | 'plannedStart' | 'plannedEnd' | 'components' | 'environments'
> & { createdAt: string };

export interface RiskAssessor {
  assess(release: RiskSubject): Promise<ReleaseRisk>;
}

/** The standard change catalogue (standardChanges/StandardChanges). */
export interface StandardChangeJudge {
  /** The template of that name; a 400 naming the field when there is none. */
  require(name: string): { name: string; environments: string[] };
  /** Whether the release qualifies as the standard change it names, as it is. */
  judge(release: Release): Promise<Release['standardChange']>;
}

/** A change the caller asked for, resolved against the catalog but not yet saved. */
export interface PlannedEdit {
  current: Release;
  /** The release as the edit would leave it. */
  next: Release;
  set: ReleasePatch;
  revision: number;
}

/**
 * The release lifecycle: input resolved against the catalog and the
 * configured environments, the legal phase moves and the timestamps they
 * set, with the governance rules applied to every edit and move. Knows
 * nothing of permissions: the authorizing layer above it does.
 */
export class ReleaseService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      store: ReleaseStore;
      environments: EnvironmentConfig[];
      governance: ReleaseGovernance;
      risk?: RiskAssessor;
      standardChanges?: StandardChangeJudge;
      /** Live updates and notices after each committed change. */
      effects?: ReleaseEffects;
      /** What other domains add to a new release in its creation's transaction (its checklist, roles). */
      createdAlongside?: (release: Release) => TransactionStep[];
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Resolves the list's scopes through the catalog the caller sees. */
  async list(
    query: ListReleasesQuery,
    catalog: CatalogReader,
    condition?: ReleaseQuery,
  ): Promise<Page<Release>> {
    const scopes: ReleaseScope[] = [];
    if (query.entityRef) {
      const ref = normalizeEntityRef(query.entityRef, 'component', 'entityRef');
      scopes.push({ entityRefs: [ref], owners: [] });
    }
    if (query.system) {
      const ref = normalizeEntityRef(query.system, 'system', 'system');
      scopes.push({
        entityRefs: await catalog.componentsOfSystem(ref),
        owners: [],
      });
    }
    if (query.owner) {
      const ref = normalizeEntityRef(query.owner, 'group', 'owner');
      scopes.push({
        entityRefs: await catalog.componentsOwnedBy(ref),
        owners: [ref],
      });
    }
    return this.options.store.list(
      {
        scopes,
        types: query.type,
        phases: query.phase,
        from: query.from,
        to: query.to,
        q: query.q,
        condition,
      },
      { limit: query.limit, offset: query.offset, order: query.order },
    );
  }

  async find(id: string): Promise<Release | undefined> {
    return this.options.store.get(id);
  }

  /** The release with the parts' rows, read with it where the database can (see ReleaseStore.getWith). */
  async findWith<P extends Record<string, RowsWithRelease<unknown>>>(
    id: string,
    parts: P,
  ): Promise<{ release: Release; parts?: RowsRead<P> } | undefined> {
    return this.options.store.getWith(id, parts);
  }

  async get(id: string): Promise<Release> {
    const release = await this.options.store.get(id);
    if (!release) {
      throw releaseNotFound(id);
    }
    return release;
  }

  listEvents(
    releaseId: string,
    page: PageRequest,
  ): Promise<Page<ReleaseEvent>> {
    return this.options.store.listEvents(releaseId, page);
  }

  /** A new release as it would be created: checked, not yet saved. */
  async planCreate(
    input: ParsedCreate,
    actor: string,
    catalog: CatalogReader,
  ): Promise<Release> {
    const owner = normalizeEntityRef(input.owner, 'group', 'owner');
    const components = this.normalizeComponents(input.components);
    // A standard change targets its template's environments unless told otherwise.
    const template =
      input.standardChange !== undefined && this.options.standardChanges
        ? this.options.standardChanges.require(input.standardChange)
        : undefined;
    const environments = this.checkEnvironments(
      input.environments ??
        template?.environments ??
        this.options.environments.map(environment => environment.name),
    );
    await assertExist(catalog, [
      { ref: owner, field: 'owner' },
      ...components.map((c, i) => ({
        ref: c.entityRef,
        field: `components.${i}.entityRef`,
      })),
    ]);
    const now = this.clock().toISOString();
    return {
      id: randomUUID(),
      title: input.title,
      description: input.description,
      type: input.type,
      phase: 'plan',
      plannedStart: new Date(input.plannedStart).toISOString(),
      plannedEnd: new Date(input.plannedEnd).toISOString(),
      actualStart: null,
      actualEnd: null,
      owner,
      createdBy: actor,
      ownerChangedBy: null,
      components,
      environments,
      approvalRound: 1,
      breakGlass: null,
      outcome: null,
      risk: null,
      rollbackPlan: input.rollbackPlan ?? null,
      // Judged once its risk is known (create).
      standardChange: template
        ? { name: template.name, qualifies: false, reason: 'not judged yet' }
        : null,
      revision: 1,
      createdAt: now,
      updatedAt: now,
    };
  }

  async create(release: Release, actor: string): Promise<Release> {
    const risk = this.options.risk
      ? await this.options.risk.assess(release)
      : null;
    const standardChange =
      (await this.options.standardChanges?.judge({ ...release, risk })) ?? null;
    const created = await this.options.store.create(
      { ...release, risk, standardChange },
      { type: 'created', actor, at: new Date(release.createdAt) },
      this.options.createdAlongside?.(release),
    );
    await this.options.effects?.releaseChanged(created, { announce: true });
    return created;
  }

  /**
   * An edit resolved and checked against the release as it is: what it
   * would set and the release it would leave, for the authorizing layer to
   * judge before it is saved.
   */
  async planEdit(
    id: string,
    input: ParsedUpdate,
    catalog: CatalogReader,
  ): Promise<PlannedEdit> {
    const current = await this.get(id);
    if (!isOpenPhase(current.phase)) {
      throw conflictOn(
        'phase',
        `the release is ${current.phase} and can no longer be edited`,
      );
    }
    const set: ReleasePatch = {
      title: input.title,
      description: input.description,
      type: input.type,
    };
    const toCheck: Array<{ ref: string; field: string }> = [];
    if (input.owner !== undefined) {
      set.owner = normalizeEntityRef(input.owner, 'group', 'owner');
      toCheck.push({ ref: set.owner, field: 'owner' });
    }
    if (input.components !== undefined) {
      set.components = this.normalizeComponents(input.components);
      set.components.forEach((c, i) =>
        toCheck.push({ ref: c.entityRef, field: `components.${i}.entityRef` }),
      );
    }
    if (input.environments !== undefined) {
      set.environments = this.checkEnvironments(input.environments);
    }
    if (input.plannedStart !== undefined) {
      set.plannedStart = new Date(input.plannedStart).toISOString();
    }
    if (input.plannedEnd !== undefined) {
      set.plannedEnd = new Date(input.plannedEnd).toISOString();
    }
    if (input.rollbackPlan !== undefined) {
      set.rollbackPlan = input.rollbackPlan;
    }
    const start = set.plannedStart ?? current.plannedStart;
    const end = set.plannedEnd ?? current.plannedEnd;
    const windowProblem = plannedWindowProblem(start, end);
    if (windowProblem) {
      throw badField('plannedEnd', windowProblem);
    }
    await assertExist(catalog, toCheck);
    const defined = Object.fromEntries(
      Object.entries(set).filter(([, value]) => value !== undefined),
    ) as ReleasePatch;
    return {
      current,
      next: { ...current, ...defined },
      set: defined,
      revision: input.revision,
    };
  }

  /** Saves a planned edit under the governance rules, in one transaction with its history. */
  async applyEdit(edit: PlannedEdit, actor: string): Promise<Release> {
    const { current } = edit;
    const { set, expectedDecisions, alongside } =
      await this.options.governance.checkEdit(current, edit.set, actor);
    const riskFields = [
      'type',
      'plannedStart',
      'plannedEnd',
      'components',
      'environments',
    ] as const;
    if (
      this.options.risk &&
      riskFields.some(
        field =>
          set[field] !== undefined &&
          JSON.stringify(set[field]) !== JSON.stringify(current[field]),
      )
    ) {
      set.risk = await this.options.risk.assess({ ...current, ...set });
    }
    if (current.standardChange && this.options.standardChanges) {
      // An edit that leaves the template makes it a normal change; the
      // history shows when and why.
      set.standardChange = await this.options.standardChanges.judge({
        ...current,
        ...set,
      });
    }
    const { release } = await this.options.store.update(current.id, {
      expectedRevision: edit.revision,
      expectedDecisions,
      set,
      event: { type: 'updated', actor, at: this.clock() },
      alongside,
    });
    await this.options.effects?.releaseChanged(release, {
      // What approvers approve changed: whoever must approve now hears of it.
      announce: APPROVED_FIELDS.some(
        field =>
          JSON.stringify(release[field]) !== JSON.stringify(current[field]),
      ),
      previous: current,
      actor,
    });
    return release;
  }

  async transition(
    current: Release,
    to: ReleasePhase,
    reason: string | undefined,
    actor: string,
  ): Promise<Release> {
    const move = findTransition(current.phase, to);
    if (!move) {
      const legal = legalTransitions(current.phase).map(t => t.to);
      throw conflictOn(
        'to',
        legal.length === 0
          ? `the release is ${current.phase}; no further moves are possible`
          : `cannot move a release from ${
              current.phase
            } to ${to}; legal moves are ${legal.join(', ')}`,
      );
    }
    if (move.reasonRequired && !reason) {
      throw badField(
        'reason',
        `is required to move back from ${PHASE_LABELS[current.phase]} to ${
          PHASE_LABELS[to]
        }`,
      );
    }
    const now = this.clock();
    const checked = await this.options.governance.checkMove(
      current,
      to,
      reason,
      actor,
    );
    const set: ReleasePatch = { ...checked.set, phase: to };
    if (to === 'build' && !current.actualStart) {
      set.actualStart = now.toISOString();
    }
    if (to === 'closed' || to === 'cancelled') {
      set.actualEnd = now.toISOString();
    }
    const { release } = await this.options.store.update(current.id, {
      expectedPhase: current.phase,
      expectedDecisions: checked.expectedDecisions,
      set,
      event: { type: 'transitioned', actor, at: now, reason },
      alongside: checked.alongside,
    });
    await this.options.effects?.releaseChanged(release, {
      announce: false,
      previous: current,
      actor,
    });
    return release;
  }

  /**
   * The risk of an open release depends on a moving world (dependents,
   * failure rates, freezes): a scheduled task recomputes it when it is
   * missing or older than `maxAgeMs`, so reading a release never writes.
   * Returns how many releases were reassessed.
   */
  async refreshStaleRisks(maxAgeMs = 24 * 3600 * 1000): Promise<number> {
    const { risk, store } = this.options;
    if (!risk) {
      return 0;
    }
    const staleBefore = this.clock().getTime() - maxAgeMs;
    const pageSize = 200;
    let refreshed = 0;
    for (let offset = 0; ; offset += pageSize) {
      const page = await store.list(
        { phases: [...OPEN_PHASES] },
        { limit: pageSize, offset, order: 'asc' },
      );
      for (const release of page.items) {
        if (
          !release.risk ||
          Date.parse(release.risk.computedAt) < staleBefore
        ) {
          await store.setRisk(release.id, await risk.assess(release));
          refreshed++;
        }
      }
      if (offset + pageSize >= page.totalCount) {
        return refreshed;
      }
    }
  }

  /**
   * Break-glass releases recorded before owed reviews were kept with them
   * owe what the policies matching them ask for now, counted from when they
   * broke glass. Runs at start-up; returns how many it recorded.
   */
  async recordOwedReviews(evaluator: ApprovalEvaluator): Promise<number> {
    const legacy = await this.options.store.breakGlassWithoutObligation();
    for (const release of legacy) {
      const matched = await evaluator.matchingPolicies({
        ...release,
        breakGlass: null,
      });
      const { owed } = evaluator.owedAfterBreakGlass(release, matched);
      const days = Math.min(
        ...matched.filter(p => p.reviewAfter).map(p => p.reviewAfter!.days),
      );
      const dueAt = Number.isFinite(days)
        ? new Date(
            Date.parse(release.breakGlass!.at) + days * 24 * 3600 * 1000,
          ).toISOString()
        : null;
      await this.options.store.recordObligation(release.id, owed, dueAt);
    }
    return legacy.length;
  }

  private normalizeComponents(
    components: ReleaseComponent[],
  ): ReleaseComponent[] {
    const seen = new Set<string>();
    return components.map((component, index) => {
      const field = `components.${index}.entityRef`;
      const entityRef = normalizeEntityRef(
        component.entityRef,
        'component',
        field,
      );
      if (seen.has(entityRef)) {
        throw badField(field, `${entityRef} is listed twice`);
      }
      seen.add(entityRef);
      return component.version
        ? { entityRef, version: component.version }
        : { entityRef };
    });
  }

  private checkEnvironments(names: string[]): string[] {
    const known = new Set(this.options.environments.map(e => e.name));
    names.forEach((name, index) => {
      if (!known.has(name)) {
        throw badField(
          `environments.${index}`,
          `"${name}" is not a configured environment (${[...known].join(
            ', ',
          )})`,
        );
      }
    });
    return [...new Set(names)];
  }
}

/** A 400 naming every ref (by its field) the catalog does not hold, as the caller sees it. */
export async function assertExist(
  catalog: CatalogReader,
  refs: Array<{ ref: string; field: string }>,
): Promise<void> {
  if (refs.length === 0) {
    return;
  }
  const existing = await catalog.existing(refs.map(r => r.ref));
  const lower = new Set([...existing].map(r => r.toLocaleLowerCase('en-US')));
  const missing = refs.filter(
    r => !lower.has(r.ref.toLocaleLowerCase('en-US')),
  );
  if (missing.length > 0) {
    throw new FieldInputError(
      missing.map(m => ({
        field: m.field,
        message: `${m.ref} does not exist in the catalog`,
      })),
    );
  }
}
