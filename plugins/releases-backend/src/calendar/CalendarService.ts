import {
  AllowWindowOccurrence,
  CALENDAR_RELEASE_FIELDS,
  CalendarRelease,
  CalendarResponse,
  FreezeConflict,
  FreezeOccurrence,
  OPEN_PHASES,
  PlanningWarning,
  RANGE_LIMITS,
  Release,
  ReleaseCollision,
  ReleaseType,
  RuntimeFreeze,
  TimeRange,
} from '@backstage-itsm/plugin-releases-common';
import {
  inForceDuring,
  RuntimeFreezeSource,
  runtimeOccurrence,
} from '../freezes/occurrences';
import { LRUCache } from 'lru-cache';
import {
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
} from '@backstage/catalog-model';
import { CatalogReader, EntityFacts } from '../catalog/CatalogFacts';
import {
  ReleaseFilter,
  ReleaseScope,
  ReleaseStore,
} from '../releases/ReleaseStore';
import { FreezeWindow, WindowOccurrence, expandWindow } from './freezeWindows';
import { selectorMatches } from './selectors';
import { boundCollisions, findCollisions } from './collisions';

/** A calendar shows at most this many releases; more sets `truncated`. */
export const MAX_CALENDAR_RELEASES = 500;
/** A calendar answers the first this many collisions of each release; fewer than all sets `collisionsTotal`. */
export const MAX_COLLISIONS_PER_RELEASE = 3;

/** The parts of a release that freezes and collisions depend on. */
export type PlannedRelease = Pick<
  Release,
  'id' | 'type' | 'plannedStart' | 'plannedEnd' | 'components' | 'environments'
> & { title?: string; phase?: Release['phase'] };

/** A calendar as the service computes it: whole releases, for callers inside the backend (freeze notices). */
export type CalendarResult = Omit<
  CalendarResponse,
  'releases' | 'otherReleases'
> & {
  releases: Release[];
  otherReleases?: Release[];
};

/** A release as a calendar entry shows it (`CALENDAR_RELEASE_FIELDS`). */
export function calendarRelease(release: Release): CalendarRelease {
  const entry: Partial<Record<keyof CalendarRelease, unknown>> = {};
  for (const field of CALENDAR_RELEASE_FIELDS) {
    entry[field] = release[field];
  }
  return entry as CalendarRelease;
}

function overlap(a: TimeRange, b: TimeRange): TimeRange | undefined {
  const start = Math.max(Date.parse(a.start), Date.parse(b.start));
  const end = Math.min(Date.parse(a.end), Date.parse(b.end));
  return start < end
    ? { start: new Date(start).toISOString(), end: new Date(end).toISOString() }
    : undefined;
}

const windowOf = (r: PlannedRelease): TimeRange => ({
  start: r.plannedStart,
  end: r.plannedEnd,
});

/** From the earliest planned start to the latest planned end; undefined without releases. */
function planSpan(
  releases: PlannedRelease[],
): { from: Date; to: Date } | undefined {
  if (releases.length === 0) {
    return undefined;
  }
  return {
    from: new Date(Math.min(...releases.map(r => Date.parse(r.plannedStart)))),
    to: new Date(Math.max(...releases.map(r => Date.parse(r.plannedEnd)))),
  };
}

const DAY = 24 * 3600 * 1000;

/** Which releases outside a scoped calendar its collisions look at: those its own range and filters let through. */
type OutsideFilter = {
  from: string;
  to: string;
  /** The scope's components: their releases in the range are in the view already. */
  scopeRefs: string[];
  types?: ReleaseType[];
  environment?: string;
  condition?: ReleaseFilter['condition'];
  /** Releases never compared (the plan being checked, when it is saved). */
  excluding?: string[];
};

/** Open releases outside a view that may collide with it, as read. */
type OutsideReleases = {
  releases: Release[];
  /** More met the filter than one page holds: collisions with the rest are not known. */
  truncated: boolean;
};

/** Expansions never reach further from now than any query may. */
const HORIZON_DAYS =
  Math.max(
    RANGE_LIMITS.calendar.maxFutureDays,
    RANGE_LIMITS.planned.maxFutureDays,
  ) + 30;

/**
 * One request's view of the catalog: each entity's facts are read once
 * however many times freezes and collisions ask about it.
 */
class RequestFacts {
  private readonly known = new Map<string, EntityFacts | null>();

  constructor(readonly reader: CatalogReader) {}

  async load(refs: Iterable<string>): Promise<Map<string, EntityFacts>> {
    const wanted = [...new Set(refs)];
    const missing = wanted.filter(ref => !this.known.has(ref));
    if (missing.length > 0) {
      const found = await this.reader.facts(missing);
      for (const ref of missing) {
        this.known.set(ref, found.get(ref) ?? null);
      }
    }
    const result = new Map<string, EntityFacts>();
    for (const ref of wanted) {
      const facts = this.known.get(ref);
      if (facts) {
        result.set(ref, facts);
      }
    }
    return result;
  }
}

/**
 * Freeze windows, collisions between releases over the catalog's dependency
 * graph, and the warnings a plan gets before it is saved. Catalog facts come
 * from the reader the caller may see.
 */
export class CalendarService {
  /**
   * Occurrences per span of whole UTC days. Windows are fixed at start-up,
   * so a span's occurrences never change; the gate, plan checks and risk
   * ask about the same few days over and over.
   */
  private readonly expanded = new LRUCache<string, WindowOccurrence[]>({
    max: 2000,
  });

  constructor(
    private readonly options: {
      releases: ReleaseStore;
      windows: FreezeWindow[];
      dependencyDepth: number;
      /** Freezes declared at runtime: read on every call, never cached. */
      runtimeFreezes?: RuntimeFreezeSource;
      clock?: () => Date;
    },
  ) {}

  /** Every occurrence of every configured freeze and maintenance window overlapping the range (clamped to the horizon around now). */
  occurrences(from: Date, to: Date): FreezeOccurrence[] {
    return this.expand(from, to).filter(
      (o): o is FreezeOccurrence => o.kind !== 'allow',
    );
  }

  /** Every occurrence of every configured allow window overlapping the range. */
  allowOccurrences(from: Date, to: Date): AllowWindowOccurrence[] {
    return this.expand(from, to).filter(
      (o): o is AllowWindowOccurrence => o.kind === 'allow',
    );
  }

  /** The configured allow windows that cover the environment. */
  allowWindowsFor(environment: string) {
    return this.options.windows.filter(
      w => w.kind === 'allow' && w.environments.includes(environment),
    );
  }

  /**
   * Freezes in force at `at` (configured occurrences and runtime freezes,
   * the latter read fresh) and the allow windows open then: what the gate
   * asks on every decision.
   */
  async inForce(at: Date): Promise<{
    freezes: FreezeOccurrence[];
    allowWindows: AllowWindowOccurrence[];
  }> {
    const next = new Date(at.getTime() + 1);
    const runtime = (await this.options.runtimeFreezes?.activeAt(at)) ?? [];
    return {
      freezes: [
        ...this.occurrences(at, next),
        ...runtime.map(f => runtimeOccurrence(f, next)),
      ],
      allowWindows: this.allowOccurrences(at, next),
    };
  }

  /** Configured freeze and maintenance occurrences and runtime freezes overlapping the range, by start. */
  async freezesBetween(
    from: Date,
    to: Date,
    /** Runtime freezes of a range around this one, already read. */
    read?: RuntimeFreeze[],
  ): Promise<FreezeOccurrence[]> {
    const runtime = await this.runtimeBetween(from, to, read);
    return [
      ...this.occurrences(from, to),
      ...runtime.map(f => runtimeOccurrence(f, to)),
    ].sort(
      (a, b) =>
        a.start.localeCompare(b.start) || a.window.localeCompare(b.window),
    );
  }

  /** Runtime freezes in force during [from, to): picked from `read` (a wider range's) when given, else read now. */
  private async runtimeBetween(
    from: Date,
    to: Date,
    read?: RuntimeFreeze[],
  ): Promise<RuntimeFreeze[]> {
    if (read) {
      return read.filter(f => inForceDuring(f, from, to));
    }
    return (await this.options.runtimeFreezes?.between(from, to)) ?? [];
  }

  private expand(from: Date, to: Date): WindowOccurrence[] {
    const now = (this.options.clock?.() ?? new Date()).getTime();
    const earliest = now - HORIZON_DAYS * DAY;
    const latest = now + HORIZON_DAYS * DAY;
    const start = Math.max(from.getTime(), earliest);
    const end = Math.min(to.getTime(), latest);
    if (end <= start) {
      return [];
    }
    const dayStart = Math.floor(start / DAY) * DAY;
    const dayEnd = Math.max(Math.ceil(end / DAY) * DAY, dayStart + DAY);
    const key = `${dayStart}/${dayEnd}`;
    let spanned = this.expanded.get(key);
    if (!spanned) {
      spanned = this.options.windows
        .flatMap(w => expandWindow(w, new Date(dayStart), new Date(dayEnd)))
        .sort(
          (a, b) =>
            a.start.localeCompare(b.start) || a.window.localeCompare(b.window),
        );
      this.expanded.set(key, spanned);
    }
    // Overlap as the expansion defines it: start before `to`, end after `from`.
    return spanned.filter(
      o => Date.parse(o.start) < end && Date.parse(o.end) > start,
    );
  }

  async calendar(
    query: {
      from: string;
      to: string;
      scope?: ReleaseScope;
      scopeRefs?: string[];
      types?: ReleaseType[];
      environment?: string;
      /** From a conditional permission decision. */
      condition?: ReleaseFilter['condition'];
    },
    catalog: CatalogReader,
  ): Promise<CalendarResult> {
    const page = await this.options.releases.list(
      {
        scopes: query.scope ? [query.scope] : [],
        types: query.types,
        from: query.from,
        to: query.to,
        condition: query.condition,
      },
      { limit: MAX_CALENDAR_RELEASES, offset: 0, order: 'asc' },
    );
    const releases = page.items.filter(
      r => !query.environment || r.environments.includes(query.environment),
    );
    const facts = new RequestFacts(catalog);
    const open = releases.filter(r => OPEN_PHASES.includes(r.phase));
    // One read of the runtime freezes for the range and the open releases' plans.
    const range = { from: new Date(query.from), to: new Date(query.to) };
    const planned = planSpan(open);
    const runtime = await this.runtimeBetween(
      planned && planned.from < range.from ? planned.from : range.from,
      planned && planned.to > range.to ? planned.to : range.to,
    );

    const inEnvironment = (o: { environments: string[] }) =>
      !query.environment || o.environments.includes(query.environment);
    let freezes = (
      await this.freezesBetween(range.from, range.to, runtime)
    ).filter(inEnvironment);
    let allowWindows = this.allowOccurrences(
      new Date(query.from),
      new Date(query.to),
    ).filter(inEnvironment);
    // Only a selector needs the scope's catalog facts.
    if (
      query.scopeRefs &&
      [...freezes, ...allowWindows].some(o => o.selector)
    ) {
      const scopeFacts = [...(await facts.load(query.scopeRefs)).values()];
      const inScope = (o: { selector?: FreezeOccurrence['selector'] }) =>
        !o.selector || scopeFacts.some(f => selectorMatches(o.selector, f));
      freezes = freezes.filter(inScope);
      allowWindows = allowWindows.filter(inScope);
    }

    return {
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      releases,
      truncated: page.totalCount > page.items.length,
      freezes,
      allowWindows,
      cabMeetings: [],
      ...bounded(
        await this.collisions(
          open,
          open,
          facts,
          // A scope's releases also collide with releases outside it.
          query.scope && {
            from: query.from,
            to: query.to,
            scopeRefs: query.scopeRefs ?? [],
            types: query.types,
            environment: query.environment,
            condition: query.condition,
          },
        ),
      ),
      freezeConflicts: await this.freezeConflicts(open, facts, runtime),
    };
  }

  /** What a plan runs into: freezes that block it and open releases (those `condition` lets through) it collides with. */
  async checkPlan(
    plan: PlannedRelease,
    catalog: CatalogReader,
    condition?: ReleaseFilter['condition'],
  ): Promise<PlanningWarning[]> {
    const facts = new RequestFacts(catalog);
    const warnings: PlanningWarning[] = (
      await this.freezeConflicts([plan], facts)
    ).map(c => ({
      kind: 'freeze',
      message: c.message,
      window: c.window,
      overlap: c.overlap,
    }));
    // The open releases that change what the plan could collide with (its
    // components, those linked to them, the other sides of their APIs), not
    // every release of its window: a page of them is then never spent on
    // releases of unrelated components.
    const { collisions, otherReleasesTruncated } = await this.collisions(
      [plan],
      [],
      facts,
      {
        from: plan.plannedStart,
        to: plan.plannedEnd,
        scopeRefs: [],
        condition,
        excluding: [plan.id],
      },
    );
    for (const collision of collisions) {
      warnings.push({
        kind: 'collision',
        message: collision.message,
        releaseId: collision.releaseIds.find(id => id !== plan.id),
        overlap: collision.overlap,
      });
    }
    if (otherReleasesTruncated) {
      warnings.push({
        kind: 'collision',
        message: `More than ${MAX_CALENDAR_RELEASES} open releases in this window change these components, components linked to them or the other sides of their APIs; collisions were checked against the first ${MAX_CALENDAR_RELEASES} of them only`,
        overlap: windowOf(plan),
      });
    }
    return warnings;
  }

  private async freezeConflicts(
    releases: PlannedRelease[],
    facts: RequestFacts,
    /** Runtime freezes of a range that covers the releases' plans, already read. */
    read?: RuntimeFreeze[],
  ): Promise<FreezeConflict[]> {
    const span = planSpan(releases);
    if (!span) {
      return [];
    }
    const known = await facts.load(
      releases.flatMap(r => r.components.map(c => c.entityRef)),
    );
    // Runtime freezes of the whole span, read once.
    const runtime = (await this.runtimeBetween(span.from, span.to, read)).map(
      f => runtimeOccurrence(f, span.to),
    );
    const conflicts: FreezeConflict[] = [];
    for (const release of releases) {
      const occurrences = [
        ...this.occurrences(
          new Date(release.plannedStart),
          new Date(release.plannedEnd),
        ),
        ...runtime.filter(o => overlap(windowOf(release), o)),
      ];
      conflicts.push(...this.outsideAllowWindows(release, known));
      for (const o of occurrences) {
        if (o.kind !== 'freeze' || o.allow.includes(release.type)) {
          continue;
        }
        const environments = release.environments.filter(e =>
          o.environments.includes(e),
        );
        const covered = release.components.some(c => {
          const f = known.get(c.entityRef);
          return f ? selectorMatches(o.selector, f) : !o.selector;
        });
        const shared = overlap(windowOf(release), o);
        if (environments.length > 0 && covered && shared) {
          conflicts.push({
            releaseId: release.id,
            window: o.window,
            environments,
            message: `planned into the freeze "${
              o.window
            }" (${environments.join(', ')}), which does not allow ${
              release.type
            } releases`,
            overlap: shared,
          });
        }
      }
    }
    return conflicts;
  }

  /**
   * A release planned entirely outside the allow windows of an environment
   * it targets (one that covers its components and does not let its type
   * through): it could not deploy there within its plan.
   */
  private outsideAllowWindows(
    release: PlannedRelease,
    known: Map<string, EntityFacts>,
  ): FreezeConflict[] {
    const conflicts: FreezeConflict[] = [];
    for (const environment of release.environments) {
      const restricting = this.allowWindowsFor(environment).filter(
        w =>
          !w.allow.includes(release.type) &&
          release.components.some(c => {
            const f = known.get(c.entityRef);
            return f ? selectorMatches(w.selector, f) : !w.selector;
          }),
      );
      if (restricting.length === 0) {
        continue;
      }
      const names = new Set(restricting.map(w => w.name));
      const open = this.allowOccurrences(
        new Date(release.plannedStart),
        new Date(release.plannedEnd),
      ).filter(o => names.has(o.window));
      if (open.length > 0) {
        continue;
      }
      const windows = [...names].map(n => `"${n}"`).join(', ');
      conflicts.push({
        releaseId: release.id,
        window: [...names][0],
        environments: [environment],
        message: `planned entirely outside the allow windows of ${environment} (${windows}): it cannot deploy there within its plan`,
        overlap: windowOf(release),
      });
    }
    return conflicts;
  }

  /**
   * Collisions between `left` and `right` (see findCollisions), over the
   * catalog the caller may see. With `outside`, `right` is widened by the
   * open releases that filter lets through that could collide with `left`
   * and are not in `right`; those that do are `otherReleases`, and
   * `otherReleasesTruncated` says whether that read held them all.
   */
  private async collisions(
    left: PlannedRelease[],
    right: PlannedRelease[],
    facts: RequestFacts,
    outside?: OutsideFilter,
  ): Promise<{
    collisions: ReleaseCollision[];
    otherReleases?: Release[];
    otherReleasesTruncated?: boolean;
  }> {
    const linked = await facts.reader.linkedWithinAll(
      left.flatMap(r => r.components.map(c => c.entityRef)),
      this.options.dependencyDepth,
    );
    const read = outside
      ? await this.collidingOutside(left, right, linked, facts, outside)
      : undefined;
    const all = read ? [...right, ...read.releases] : right;
    const known = await facts.load(
      [...left, ...all].flatMap(r => r.components.map(c => c.entityRef)),
    );
    const collisions = await findCollisions(left, all, { known, linked });
    if (!read) {
      return { collisions };
    }
    const colliding = new Set(collisions.flatMap(c => c.releaseIds));
    return {
      collisions,
      otherReleases: read.releases.filter(r => colliding.has(r.id)),
      otherReleasesTruncated: read.truncated,
    };
  }

  /**
   * Open releases of the range, not in `right`, that change what a release
   * of `left` could collide with: one of its components, a component linked
   * to one, or a component on either side of one of their APIs. Only such
   * components outside the scope are asked about: releases of the scope's
   * own components in the range are in the view. A system's calendar thus
   * warns that its release changes an API while a consumer in another
   * system is released, which comparing the system's own releases with each
   * other cannot show.
   */
  private async collidingOutside(
    left: PlannedRelease[],
    right: PlannedRelease[],
    linked: Map<string, Set<string>>,
    facts: RequestFacts,
    filter: OutsideFilter,
  ): Promise<OutsideReleases> {
    const refs = left.flatMap(r => r.components.map(c => c.entityRef));
    const known = await facts.load(refs);
    const reach = new Set<string>(refs);
    for (const neighbours of linked.values()) {
      neighbours.forEach(ref => reach.add(ref));
    }
    // The other side of an API they provide is its providers and consumers;
    // of one they only consume, its providers.
    const provided = new Set(
      refs.flatMap(ref => known.get(ref)?.providesApis ?? []),
    );
    const consumed = refs.flatMap(ref => known.get(ref)?.consumesApis ?? []);
    for (const [apiRef, api] of await facts.load([...provided, ...consumed])) {
      for (const { type, targetRef } of api.relations) {
        if (
          type === RELATION_API_PROVIDED_BY ||
          (type === RELATION_API_CONSUMED_BY && provided.has(apiRef))
        ) {
          reach.add(targetRef);
        }
      }
    }
    const inScope = new Set(filter.scopeRefs.map(ref => ref.toLowerCase()));
    const outside = [...reach].filter(ref => !inScope.has(ref.toLowerCase()));
    if (outside.length === 0) {
      return { releases: [], truncated: false };
    }
    // The view's own releases that also touch outside components are left
    // out in the statement, so they take none of the page.
    const page = await this.options.releases.list(
      {
        scopes: [{ entityRefs: outside, owners: [] }],
        phases: [...OPEN_PHASES],
        types: filter.types,
        from: filter.from,
        to: filter.to,
        condition: filter.condition,
        excluding: [...right.map(r => r.id), ...(filter.excluding ?? [])],
      },
      { limit: MAX_CALENDAR_RELEASES, offset: 0, order: 'asc' },
    );
    return {
      releases: page.items.filter(
        r => !filter.environment || r.environments.includes(filter.environment),
      ),
      truncated: page.totalCount > page.items.length,
    };
  }
}

/**
 * A calendar's collisions, the first `MAX_COLLISIONS_PER_RELEASE` of each
 * release (see boundCollisions), with how many there are when some were
 * left out: a busy component's releases collide pairwise, and a page cannot
 * show (nor a person read) tens of thousands of them.
 */
function bounded<T extends { collisions: ReleaseCollision[] }>(
  found: T,
): T & { collisionsTotal?: number } {
  const collisions = boundCollisions(
    found.collisions,
    MAX_COLLISIONS_PER_RELEASE,
  );
  return collisions.length < found.collisions.length
    ? { ...found, collisions, collisionsTotal: found.collisions.length }
    : found;
}
