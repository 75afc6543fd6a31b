import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  CreateReleaseRequest,
  ListReleasesQuery,
  Page,
  PHASE_LABELS,
  Release,
  ReleaseComponent,
  ReleasePhase,
  UpdateReleaseRequest,
  findTransition,
  isOpenPhase,
  OPEN_PHASES,
  legalTransitions,
  plannedWindowProblem,
} from '@backstage-itsm/plugin-releases-common';
import { randomUUID } from 'node:crypto';
import { CatalogLookup, normalizeEntityRef } from '../catalog/CatalogLookup';
import { EnvironmentConfig } from '../config';
import { ReleaseQuery } from '../permissions/rules';
import {
  ReleaseChange,
  ReleasePatch,
  ReleaseScope,
  ReleaseStore,
} from './ReleaseStore';

type ParsedCreate = Omit<CreateReleaseRequest, 'description'> & {
  description: string;
};
type ParsedUpdate = Omit<UpdateReleaseRequest, 'revision'> & {
  revision: number;
};

export interface Clock {
  now(): Date;
}

/** What the lifecycle asks of the approval workflow. */
export interface ApprovalHooks {
  /** Refuses entry into deploy until approved (or break-glass for emergencies). */
  checkDeployGate(
    release: Release,
    reason: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<{
    breakGlass?: { at: string; reason: string };
    /** The latest decision of the round the gate was checked with (null: none). */
    lastDecisionId: string | null;
  }>;
  /** The latest decision on the release in this approval round, null when nobody decided. */
  lastDecision(releaseId: string, round: number): Promise<string | null>;
}

/** What the lifecycle asks of review and risk. */
export interface ReviewHooks {
  /** Refuses closing a release that has no post-implementation review. */
  checkCloseGate(release: Release): Promise<void>;
  assessRisk(
    release: Pick<
      Release,
      | 'type'
      | 'plannedStart'
      | 'plannedEnd'
      | 'components'
      | 'environments'
      | 'createdAt'
    >,
    credentials: BackstageCredentials,
  ): Promise<Release['risk']>;
}

/**
 * The release lifecycle: validation against the catalog and the configured
 * environments, the legal phase moves, and the timestamps they set.
 */
export class ReleaseService {
  constructor(
    private readonly store: ReleaseStore,
    private readonly catalog: CatalogLookup,
    private readonly environments: EnvironmentConfig[],
    private readonly clock: Clock = { now: () => new Date() },
    private readonly approvals?: ApprovalHooks,
    private readonly review?: ReviewHooks,
  ) {}

  async list(
    query: ListReleasesQuery,
    credentials: BackstageCredentials,
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
        entityRefs: await this.catalog.componentsOfSystem(ref, credentials),
        owners: [],
      });
    }
    if (query.owner) {
      const ref = normalizeEntityRef(query.owner, 'group', 'owner');
      scopes.push({
        entityRefs: await this.catalog.componentsOwnedBy(ref, credentials),
        owners: [ref],
      });
    }
    return this.store.list(
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

  /**
   * The risk of an open release depends on a moving world (dependents,
   * failure rates, freezes): a scheduled task recomputes it when it is
   * missing or older than `maxAgeMs`, so reading a release never writes.
   * Returns how many releases were reassessed.
   */
  async refreshStaleRisks(
    credentials: BackstageCredentials,
    maxAgeMs = 24 * 3600 * 1000,
  ): Promise<number> {
    if (!this.review) {
      return 0;
    }
    const staleBefore = this.clock.now().getTime() - maxAgeMs;
    const pageSize = 200;
    let refreshed = 0;
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.store.list(
        { phases: [...OPEN_PHASES] },
        { limit: pageSize, offset, order: 'asc' },
      );
      for (const release of page.items) {
        if (
          !release.risk ||
          Date.parse(release.risk.computedAt) < staleBefore
        ) {
          await this.store.setRisk(
            release.id,
            await this.review.assessRisk(release, credentials),
          );
          refreshed++;
        }
      }
      if (offset + pageSize >= page.totalCount) {
        return refreshed;
      }
    }
  }

  async get(id: string): Promise<Release> {
    const release = await this.store.get(id);
    if (!release) {
      throw new NotFoundError(`No release with id ${id}`);
    }
    return release;
  }

  async create(
    input: ParsedCreate,
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<Release> {
    const owner = normalizeEntityRef(input.owner, 'group', 'owner');
    const components = this.normalizeComponents(input.components);
    const environments = this.checkEnvironments(
      input.environments ?? this.environments.map(e => e.name),
    );
    await this.catalog.assertExist(
      [
        { ref: owner, field: 'owner' },
        ...components.map((c, i) => ({
          ref: c.entityRef,
          field: `components.${i}.entityRef`,
        })),
      ],
      credentials,
    );
    const now = this.clock.now();
    const plannedStart = new Date(input.plannedStart).toISOString();
    const plannedEnd = new Date(input.plannedEnd).toISOString();
    const risk = this.review
      ? await this.review.assessRisk(
          {
            type: input.type,
            plannedStart,
            plannedEnd,
            components,
            environments,
            createdAt: now.toISOString(),
          },
          credentials,
        )
      : null;
    return this.store.create(
      {
        id: randomUUID(),
        title: input.title,
        description: input.description,
        type: input.type,
        phase: 'plan',
        plannedStart,
        plannedEnd,
        owner,
        createdBy: actor,
        components,
        environments,
        risk,
      },
      { type: 'created', actor, at: now },
    );
  }

  async update(
    id: string,
    input: ParsedUpdate,
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<Release> {
    const current = await this.get(id);
    if (!isOpenPhase(current.phase)) {
      throw new ConflictError(
        `release ${id} is ${current.phase} and can no longer be edited`,
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
    const start = set.plannedStart ?? current.plannedStart;
    const end = set.plannedEnd ?? current.plannedEnd;
    const windowProblem = plannedWindowProblem(start, end);
    if (windowProblem) {
      throw new InputError(`plannedEnd: ${windowProblem} (${start})`);
    }
    await this.catalog.assertExist(toCheck, credentials);

    // Changing what was approved starts a new approval round; the history
    // shows the round change with the edit.
    const touched = (
      [
        'type',
        'plannedStart',
        'plannedEnd',
        'components',
        'environments',
      ] as const
    ).filter(
      field =>
        set[field] !== undefined &&
        JSON.stringify(set[field]) !== JSON.stringify(current[field]),
    );
    let expectedDecisions: ReleaseChange['expectedDecisions'];
    if (touched.length > 0 && this.approvals) {
      const lastDecisionId = await this.approvals.lastDecision(
        id,
        current.approvalRound,
      );
      if (lastDecisionId !== null) {
        set.approvalRound = current.approvalRound + 1;
      }
      // A decision given meanwhile was given on what this edit changes.
      expectedDecisions = { round: current.approvalRound, lastDecisionId };
    }
    if (touched.length > 0 && this.review) {
      set.risk = await this.review.assessRisk(
        { ...current, ...set } as Release,
        credentials,
      );
    }

    const { release } = await this.store.update(id, {
      expectedRevision: input.revision,
      expectedDecisions,
      set,
      event: { type: 'updated', actor, at: this.clock.now() },
    });
    return release;
  }

  async transition(
    id: string,
    to: ReleasePhase,
    reason: string | undefined,
    actor: string,
    credentials?: BackstageCredentials,
  ): Promise<Release> {
    const current = await this.get(id);
    const move = findTransition(current.phase, to);
    if (!move) {
      const legal = legalTransitions(current.phase).map(t => t.to);
      throw new ConflictError(
        legal.length === 0
          ? `to: release ${id} is ${current.phase}; no further moves are possible`
          : `to: cannot move a release from ${
              current.phase
            } to ${to}; legal moves are ${legal.join(', ')}`,
      );
    }
    if (move.reasonRequired && !reason) {
      throw new InputError(
        `reason: is required to move back from ${
          PHASE_LABELS[current.phase]
        } to ${PHASE_LABELS[to]}`,
      );
    }
    const now = this.clock.now();
    const set: ReleasePatch = { phase: to };
    let expectedDecisions: ReleaseChange['expectedDecisions'];
    if (to === 'closed' && this.review) {
      await this.review.checkCloseGate(current);
    }
    if (
      to === 'deploy' &&
      move.kind === 'advance' &&
      this.approvals &&
      credentials
    ) {
      const { breakGlass, lastDecisionId } =
        await this.approvals.checkDeployGate(current, reason, credentials);
      if (breakGlass) {
        set.breakGlass = breakGlass;
      }
      // The gate holds only for the decisions it saw.
      expectedDecisions = { round: current.approvalRound, lastDecisionId };
    }
    if (to === 'build' && !current.actualStart) {
      set.actualStart = now.toISOString();
    }
    if (to === 'closed' || to === 'cancelled') {
      set.actualEnd = now.toISOString();
    }
    const { release } = await this.store.update(id, {
      expectedPhase: current.phase,
      expectedDecisions,
      set,
      event: { type: 'transitioned', actor, at: now, reason },
    });
    return release;
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
        throw new InputError(`${field}: ${entityRef} is listed twice`);
      }
      seen.add(entityRef);
      return component.version
        ? { entityRef, version: component.version }
        : { entityRef };
    });
  }

  private checkEnvironments(names: string[]): string[] {
    const known = new Set(this.environments.map(e => e.name));
    names.forEach((name, index) => {
      if (!known.has(name)) {
        throw new InputError(
          `environments.${index}: "${name}" is not a configured environment (${[
            ...known,
          ].join(', ')})`,
        );
      }
    });
    return [...new Set(names)];
  }
}
