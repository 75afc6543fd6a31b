import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import {
  CabMeetingSummary,
  CalendarQuery,
  CalendarResponse,
  FreezeWindowDefinition,
  RuntimeFreeze,
  PlanCheckRequest,
  PlanningWarning,
  Release,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { CatalogFacts, CatalogReader } from '../catalog/CatalogFacts';
import { normalizeEntityRef } from '../catalog/refs';
import { ConfigurationService } from '../configuration/ConfigurationService';
import { ReadDecisionStore } from '../permissions/ReadDecisionStore';
import {
  readCondition,
  ReleasePermissionGateway,
} from '../permissions/ReleaseAccess';
import { ReleaseFilter } from '../releases/ReleaseStore';
import { AuthorizedPlanService } from '../plans/AuthorizedPlanService';
import { Caller } from '../service/Callers';
import { calendarRelease, CalendarService } from './CalendarService';
import { FeedTokenStore } from './FeedTokenStore';
import { FreezeWindow } from './freezeWindows';
import { buildIcs } from './ics';

const DAY = 24 * 3600 * 1000;

type Scope = { entityRef?: string; owner?: string; system?: string };

/**
 * The authorizing layer of the calendar: every release it shows, every
 * collision warning and every feed entry is one the reader may read, whether
 * they come with credentials or with a feed token.
 */
export class AuthorizedCalendarService {
  constructor(
    private readonly options: {
      calendar: CalendarService;
      configuration: ConfigurationService;
      feedTokens: FeedTokenStore;
      readDecisions: ReadDecisionStore;
      permissions: ReleasePermissionGateway;
      catalogFacts: CatalogFacts;
      windows: FreezeWindow[];
      /** CAB meetings, shown with releases and freezes. */
      meetings?: {
        meetingsBetween(from: Date, to: Date): CabMeetingSummary[];
      };
      /** Runtime freezes in force or ahead, listed with the configured windows. */
      runtimeFreezes?: { current(): Promise<RuntimeFreeze[]> };
      appBaseUrl: string;
      feedBaseUrl: string;
      /** Milestones and due tasks, for `include=`. */
      plans?: Pick<AuthorizedPlanService, 'calendarItems'>;
      clock?: () => Date;
    },
  ) {}

  /** Releases scope (owner: owned by the group or touching its components) and the components in it. */
  private async scopeOf(query: Scope, catalog: CatalogReader) {
    const refs = await this.options.configuration.resolveScope(query, catalog);
    if (!refs) {
      return {};
    }
    const owners = query.owner
      ? [normalizeEntityRef(query.owner, 'group', 'owner')]
      : [];
    return { scope: { entityRefs: refs, owners }, scopeRefs: refs };
  }

  async calendar(caller: Caller, query: CalendarQuery) {
    // A conditional decision (say, own team's releases only) filters the list.
    const condition = (await caller.access()).listFilter();
    const catalog = await caller.catalog();
    const { scope, scopeRefs } = await this.scopeOf(query, catalog);
    const result = await this.options.calendar.calendar(
      {
        from: query.from,
        to: query.to,
        scope,
        scopeRefs,
        types: query.type as ReleaseType[] | undefined,
        environment: query.environment,
        condition,
      },
      catalog,
    );
    const answer: CalendarResponse = {
      ...result,
      releases: result.releases.map(calendarRelease),
      ...(result.otherReleases && {
        otherReleases: result.otherReleases.map(calendarRelease),
      }),
      cabMeetings: this.meetingsIn(result.from, result.to),
    };
    if (!query.include?.length || !this.options.plans) {
      return answer;
    }
    // Releases the same scope, types and read condition let through.
    const items = await this.options.plans.calendarItems({
      from: result.from,
      to: result.to,
      include: query.include,
      filter: {
        scopes: scope ? [scope] : [],
        types: query.type as ReleaseType[] | undefined,
        condition,
      },
      environment: query.environment,
    });
    return { ...answer, ...items };
  }

  /** Warnings for a plan, naming only releases the caller may read. */
  async checkPlan(
    caller: Caller,
    plan: Omit<PlanCheckRequest, 'releaseId'> & { id: string },
  ): Promise<PlanningWarning[]> {
    const rows = (await caller.access()).rows();
    return this.options.calendar.checkPlan(
      {
        id: plan.id,
        type: plan.type,
        plannedStart: plan.plannedStart,
        plannedEnd: plan.plannedEnd,
        components: plan.components.map((c, i) => ({
          entityRef: normalizeEntityRef(
            c.entityRef,
            'component',
            `components.${i}.entityRef`,
          ),
          version: c.version,
        })),
        environments: plan.environments ?? [],
      },
      await caller.catalog(),
      readCondition(rows),
    );
  }

  /** The warnings a saved release gets (create and edit answers). */
  async warnings(release: Release, caller: Caller) {
    return this.checkPlan(caller, release);
  }

  /** Configured windows, then the runtime freezes in force or ahead. */
  async windows(): Promise<FreezeWindowDefinition[]> {
    const runtime = (await this.options.runtimeFreezes?.current()) ?? [];
    return [
      ...this.options.windows.map(
        ({ rule, ruleDuration, ...definition }): FreezeWindowDefinition => ({
          ...definition,
          source: 'config',
        }),
      ),
      ...runtime.map(
        (freeze): FreezeWindowDefinition => ({
          name: freeze.name,
          kind: 'freeze',
          source: 'runtime',
          runtime: freeze,
          description: freeze.reason,
          timezone: 'UTC',
          environments: freeze.environments,
          allow: freeze.allow,
          ...(freeze.selector ? { selector: freeze.selector } : {}),
          start: freeze.startsAt,
          ...(freeze.endsAt ? { end: freeze.endsAt } : {}),
        }),
      ),
    ];
  }

  private meetingsIn(from: string, to: string): CabMeetingSummary[] {
    return (
      this.options.meetings?.meetingsBetween(new Date(from), new Date(to)) ?? []
    );
  }

  /**
   * The iCalendar feed, for a caller with credentials or for the owner of a
   * feed token. Calendar apps cannot sign in, so a token stands for its user
   * and their latest read decision (learnt from their own requests) filters
   * it exactly as their credentials would.
   */
  async feed(
    caller: Caller | undefined,
    query: Scope & { token?: string },
  ): Promise<string> {
    let condition: ReleaseFilter['condition'];
    let catalog: CatalogReader;
    if (caller) {
      condition = (await caller.access()).listFilter();
      catalog = await caller.catalog();
    } else if (query.token) {
      const user = await this.options.feedTokens.resolve(query.token);
      if (!user) {
        throw new AuthenticationError(
          'The feed token is unknown or has been revoked',
        );
      }
      condition = this.conditionOf(
        (await this.options.readDecisions.decisionsOf([user])).get(user),
      );
      catalog = this.options.catalogFacts.local();
    } else {
      throw new AuthenticationError('A feed token or credentials are required');
    }
    const normalized: Scope = {
      entityRef: query.entityRef
        ? normalizeEntityRef(query.entityRef, 'component', 'entityRef')
        : undefined,
      system: query.system
        ? normalizeEntityRef(query.system, 'system', 'system')
        : undefined,
      owner: query.owner
        ? normalizeEntityRef(query.owner, 'group', 'owner')
        : undefined,
    };
    const { scope, scopeRefs } = await this.scopeOf(normalized, catalog);
    const now = (this.options.clock?.() ?? new Date()).getTime();
    const result = await this.options.calendar.calendar(
      {
        from: new Date(now - 30 * DAY).toISOString(),
        to: new Date(now + 180 * DAY).toISOString(),
        scope,
        scopeRefs,
        condition,
      },
      catalog,
    );
    const named = normalized.entityRef ?? normalized.system ?? normalized.owner;
    return buildIcs({
      name: `Releases${named ? ` — ${named}` : ''}`,
      releases: result.releases,
      freezes: result.freezes,
      allowWindows: result.allowWindows,
      meetings: this.meetingsIn(result.from, result.to),
      appBaseUrl: this.options.appBaseUrl,
    });
  }

  private conditionOf(
    decision: PolicyDecision | undefined,
  ): ReleaseFilter['condition'] {
    if (!decision || decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        'The owner of this feed token may not read releases',
      );
    }
    return this.options.permissions.filterOf(decision);
  }

  async createFeedToken(caller: Caller, name: string) {
    // A feed token reads releases on its creator's behalf: they must be
    // allowed to read some.
    (await caller.access()).listFilter();
    const created = await this.options.feedTokens.create(caller.userRef!, name);
    return {
      ...created,
      url: `${this.options.feedBaseUrl}/calendar.ics?token=${created.token}`,
    };
  }

  listFeedTokens(
    caller: Caller,
    page: { limit: number; offset: number; includeRevoked: boolean },
  ) {
    return this.options.feedTokens.list(caller.userRef!, page);
  }

  revokeFeedToken(caller: Caller, id: string) {
    return this.options.feedTokens.revoke(caller.userRef!, id);
  }
}
