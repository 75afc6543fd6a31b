import {
  DeclareFreezeRequest,
  FreezeSelector,
  OPEN_PHASES,
  RELEASE_TYPES,
  Page,
  Release,
  RuntimeFreeze,
} from '@backstage-itsm/plugin-releases-common';
import { randomUUID } from 'node:crypto';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { selectorMatches } from '../calendar/selectors';
import { EnvironmentConfig } from '../config';
import { ReleaseStore } from '../releases/ReleaseStore';
import { badField } from '../service/errors';
import { readableTime, ReleaseEffects } from '../service/ReleaseEffects';
import { RuntimeFreezeStore } from './RuntimeFreezeStore';

type ParsedDeclaration = Omit<DeclareFreezeRequest, 'allow'> & {
  allow: RuntimeFreeze['allow'];
  selector?: FreezeSelector;
};

/** How many blocked releases a declaration or a lift names one by one, soonest first. */
const MAX_NOTIFIED_RELEASES = 200;
/** Of the rest, the releases of one owner a digest is checked against (who may read one hears). */
const DIGEST_SAMPLE = 20;
/** Candidates read per statement while looking for the releases a freeze blocks. */
const CANDIDATE_PAGE = 500;
/** Candidates read at most for one declaration or lift. */
const MAX_CANDIDATES = 10_000;
/** An open-ended freeze concerns the releases planned this far ahead. */
const OPEN_ENDED_HORIZON_MS = 90 * 24 * 3600 * 1000;
const OPEN_BEFORE_DEPLOY: Release['phase'][] = OPEN_PHASES.filter(
  phase => phase !== 'review',
);

/** The releases a freeze blocks, as its declaration or lift tells their owners. */
export interface FreezeBlocks {
  /** The first `MAX_NOTIFIED_RELEASES` by planned start: each is named in its own notice. */
  named: Release[];
  /** The rest, by owner: how many, and the first few by planned start. */
  rest: Map<string, { count: number; sample: Release[] }>;
  /** Whether the window held more candidates than were read (`MAX_CANDIDATES`). */
  incomplete: boolean;
}

/**
 * Freezes declared at runtime ("stop the line"): declared now or later,
 * open-ended or not, lifted (never deleted). The gate and the calendar read
 * them from the store on every request; this service tells the owners of
 * the releases a declaration or a lift concerns. Permissions are the
 * authorizing layer's.
 */
export class FreezeService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      store: RuntimeFreezeStore;
      environments: EnvironmentConfig[];
      releases: ReleaseStore;
      catalogFacts: CatalogFacts;
      effects?: ReleaseEffects;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  async declare(
    input: ParsedDeclaration,
    actor: string,
  ): Promise<RuntimeFreeze> {
    const { environments } = this.options;
    const known = environments.map(e => e.name);
    const gated = environments.filter(e => e.gated).map(e => e.name);
    const chosen = input.environments ?? (gated.length > 0 ? gated : known);
    chosen.forEach((name, index) => {
      if (!known.includes(name)) {
        throw badField(
          `environments.${index}`,
          `"${name}" is not a configured environment (${known.join(', ')})`,
        );
      }
    });
    const now = this.clock();
    const startsAt =
      input.startsAt && Date.parse(input.startsAt) > now.getTime()
        ? new Date(input.startsAt).toISOString()
        : now.toISOString();
    const freeze = await this.options.store.declare({
      id: randomUUID(),
      name: input.name,
      reason: input.reason,
      environments: [...new Set(chosen)],
      selector: input.selector,
      allow: [...new Set(input.allow)],
      startsAt,
      endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : null,
      declaredBy: actor,
      declaredAt: now.toISOString(),
    });
    await this.tellOwners(freeze, actor, 'declared');
    return freeze;
  }

  list(
    state: 'current' | 'all',
    page: { limit: number; offset: number },
  ): Promise<Page<RuntimeFreeze>> {
    return this.options.store.list(state, page);
  }

  /** Runtime freezes in force or ahead, for `GET /freeze-windows`. */
  async current(): Promise<RuntimeFreeze[]> {
    return (await this.options.store.list('current', { limit: 100, offset: 0 }))
      .items;
  }

  async lift(
    id: string,
    actor: string,
    reason: string | undefined,
  ): Promise<RuntimeFreeze> {
    const freeze = await this.options.store.lift(id, actor, reason);
    await this.tellOwners(freeze, actor, 'lifted');
    return freeze;
  }

  /**
   * The open releases, not yet past deploy, that the freeze would block:
   * planned into it (or in deploy now), targeting one of its environments,
   * of a type it does not let through, touching a component it covers. The
   * first `MAX_NOTIFIED_RELEASES` by planned start are named; the rest are
   * counted by owner. Releases of the types it lets through are left out in
   * the statement, and the window's releases are read a page at a time, so
   * releases the freeze does not block never take the places of those it does.
   */
  async affected(freeze: RuntimeFreeze): Promise<FreezeBlocks> {
    const start = Date.parse(freeze.startsAt);
    const end = freeze.endsAt
      ? Date.parse(freeze.endsAt)
      : start + OPEN_ENDED_HORIZON_MS;
    const types = RELEASE_TYPES.filter(type => !freeze.allow.includes(type));
    const blocks: FreezeBlocks = {
      named: [],
      rest: new Map(),
      incomplete: false,
    };
    for (let offset = 0; types.length > 0; offset += CANDIDATE_PAGE) {
      if (offset >= MAX_CANDIDATES) {
        blocks.incomplete = true;
        break;
      }
      const page = await this.options.releases.list(
        {
          phases: OPEN_BEFORE_DEPLOY,
          types,
          from: new Date(start).toISOString(),
          to: new Date(end).toISOString(),
        },
        { limit: CANDIDATE_PAGE, offset, order: 'asc' },
      );
      for (const release of await this.blocked(freeze, page.items)) {
        if (blocks.named.length < MAX_NOTIFIED_RELEASES) {
          blocks.named.push(release);
          continue;
        }
        const owned = blocks.rest.get(release.owner) ?? {
          count: 0,
          sample: [],
        };
        owned.count += 1;
        if (owned.sample.length < DIGEST_SAMPLE) {
          owned.sample.push(release);
        }
        blocks.rest.set(release.owner, owned);
      }
      if (
        page.items.length === 0 ||
        offset + page.items.length >= page.totalCount
      ) {
        break;
      }
    }
    return blocks;
  }

  /** Of releases planned into the freeze, those it blocks: its environments, and its selector's components. */
  private async blocked(
    freeze: RuntimeFreeze,
    releases: Release[],
  ): Promise<Release[]> {
    const candidates = releases.filter(r =>
      r.environments.some(e => freeze.environments.includes(e)),
    );
    if (!freeze.selector || candidates.length === 0) {
      return candidates;
    }
    // What a freeze covers is a fact of the freeze: the plugin's own view.
    const facts = await this.options.catalogFacts
      .local()
      .facts(candidates.flatMap(r => r.components.map(c => c.entityRef)));
    return candidates.filter(r =>
      r.components.some(c => {
        const f = facts.get(c.entityRef);
        return f ? selectorMatches(freeze.selector, f) : false;
      }),
    );
  }

  private async tellOwners(
    freeze: RuntimeFreeze,
    actor: string,
    what: 'declared' | 'lifted',
  ) {
    const { effects } = this.options;
    if (!effects) {
      return;
    }
    await effects.governanceChanged();
    const until = freeze.endsAt
      ? `until ${readableTime(freeze.endsAt)}`
      : 'until lifted';
    const who = await effects.displayName(actor);
    const blocks = await this.affected(freeze);
    for (const release of blocks.named) {
      await effects.toStakeholders(
        release,
        what === 'declared'
          ? {
              topic: 'release-freeze',
              title: `Freeze "${freeze.name}": ${release.title} cannot deploy`,
              description: `${who} declared the freeze "${
                freeze.name
              }" on ${freeze.environments.join(', ')} from ${readableTime(
                freeze.startsAt,
              )} ${until}: ${freeze.reason}`,
              severity: 'high',
              scope: `release-freeze:${freeze.id}:${release.id}`,
            }
          : {
              topic: 'release-freeze',
              title: `Freeze "${freeze.name}" lifted: ${release.title} may deploy again`,
              description: `${who} lifted the freeze "${freeze.name}"${
                freeze.liftReason ? `: ${freeze.liftReason}` : ''
              }.`,
              severity: 'normal',
              scope: `release-freeze:${freeze.id}:${release.id}`,
            },
        actor,
        [release.owner],
      );
    }
    // Beyond the named ones, one digest per owning team: a broad freeze
    // reaches every owner without a notice per release.
    for (const [owner, { count, sample }] of blocks.rest) {
      const team = await effects.displayName(owner);
      const many = `${blocks.incomplete ? 'at least ' : ''}${count} more ${
        count === 1 ? 'release' : 'releases'
      } of ${team}`;
      await effects.toReadersOfAny(
        sample,
        what === 'declared'
          ? {
              topic: 'release-freeze',
              title: `Freeze "${freeze.name}": ${many} cannot deploy`,
              description: `${who} declared the freeze "${
                freeze.name
              }" on ${freeze.environments.join(', ')} from ${readableTime(
                freeze.startsAt,
              )} ${until}: ${
                freeze.reason
              }. Too many of your releases are planned into it to name each; the calendar shows them.`,
              link: calendarOf(owner, freeze.startsAt),
              severity: 'high',
              scope: `release-freeze:${freeze.id}:owner:${owner}`,
            }
          : {
              topic: 'release-freeze',
              title: `Freeze "${freeze.name}" lifted: ${many} may deploy again`,
              description: `${who} lifted the freeze "${freeze.name}"${
                freeze.liftReason ? `: ${freeze.liftReason}` : ''
              }.`,
              link: calendarOf(owner, freeze.startsAt),
              severity: 'normal',
              scope: `release-freeze:${freeze.id}:owner:${owner}`,
            },
        [owner],
        actor,
      );
    }
  }
}

/** The calendar's agenda of the owner's releases, from the day the freeze starts. */
function calendarOf(owner: string, startsAt: string): string {
  const params = new URLSearchParams({
    owner,
    date: startsAt.slice(0, 10),
    view: 'agenda',
  });
  return `/releases/calendar?${params}`;
}
