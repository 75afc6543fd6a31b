import { NotAllowedError } from '@backstage/errors';
import {
  cabDecidePermission,
  CabDecisionValue,
  cabManagePermission,
  CabAgendaItem,
  CabMeeting,
  RANGE_LIMITS,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { excludedApprovers } from '../governance/ApprovalEvaluator';
import { PlanWarnings } from '../releases/AuthorizedReleaseService';
import { ReleaseStore } from '../releases/ReleaseStore';
import { Caller } from '../service/Callers';
import { AgendaEntry, CabService, ResolvedMeeting } from './CabService';

const DAY = 24 * 3600 * 1000;

/**
 * The authorizing layer of CAB meetings. Boards and meetings are known to
 * everyone signed in; an agenda shows only the items whose release the
 * reader may read (a hidden release is an unknown id on every route).
 * Adding an item needs a board member with `releases.cab.manage`; a
 * decision needs the board's chair with `releases.cab.decide` on the
 * release, who neither created nor re-owned it (separation of duties);
 * the minutes need the chair with `releases.cab.manage`.
 */
export class AuthorizedCabService {
  constructor(
    private readonly options: {
      service: CabService;
      releases: ReleaseStore;
      catalogFacts: CatalogFacts;
      planWarnings: PlanWarnings;
      separationOfDuties: boolean;
      clock?: () => Date;
    },
  ) {}

  boards() {
    return { items: this.options.service.describeBoards() };
  }

  /** Defaults: 30 days back to 90 ahead; an open end is bounded by the calendar's span. */
  meetings(query: { board?: string; from?: string; to?: string }) {
    const now = (this.options.clock?.() ?? new Date()).getTime();
    const span = RANGE_LIMITS.calendar.maxSpanDays * DAY;
    let from = query.from ? Date.parse(query.from) : now - 30 * DAY;
    const to = query.to
      ? Date.parse(query.to)
      : Math.min(Math.max(now + 90 * DAY, from + DAY), from + span);
    if (!query.from) {
      from = Math.max(Math.min(from, to - DAY), to - span);
    }
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      items: this.options.service.meetingsBetween(
        new Date(from),
        new Date(to),
        query.board,
      ),
    };
  }

  async meeting(caller: Caller, id: string): Promise<CabMeeting> {
    const meeting = await this.options.service.open(id);
    return this.view(caller, meeting);
  }

  async addItem(
    caller: Caller,
    id: string,
    input: { releaseId: string; note?: string },
  ): Promise<{ item: CabAgendaItem; created: boolean }> {
    const meeting = await this.options.service.resolve(id);
    const access = await caller.access(cabManagePermission);
    const release = access.readable(
      await this.options.releases.get(input.releaseId),
      input.releaseId,
    );
    access.assertAllowed(cabManagePermission);
    const { member } = await this.roles(caller, meeting);
    if (!member) {
      throw new NotAllowedError(
        `Only members of ${meeting.board.group} (or its chair, ${meeting.board.chair}) add items to the agenda of "${meeting.board.name}"`,
      );
    }
    const { entry, created } = await this.options.service.addItem(
      meeting,
      release,
      caller.actor,
      input.note,
    );
    return { item: await this.item(caller, entry), created };
  }

  async decide(
    caller: Caller,
    id: string,
    releaseId: string,
    input: { decision: CabDecisionValue; comment: string },
  ) {
    const meeting = await this.options.service.resolve(id);
    const access = await caller.access(cabDecidePermission);
    const release = access.readable(
      await this.options.releases.get(releaseId),
      releaseId,
    );
    access.assertCan(cabDecidePermission, release);
    const { chair } = await this.roles(caller, meeting);
    if (!chair) {
      throw new NotAllowedError(
        `Only members of ${meeting.board.chair} chair "${meeting.board.name}" and record its decisions`,
      );
    }
    this.assertSeparation(release, caller.actor);
    return this.options.service.decide(meeting, release, input, caller.actor);
  }

  async setMinutes(caller: Caller, id: string, text: string) {
    const meeting = await this.options.service.resolve(id);
    (await caller.access(cabManagePermission)).assertAllowed(
      cabManagePermission,
    );
    const { chair } = await this.roles(caller, meeting);
    if (!chair) {
      throw new NotAllowedError(
        `Only members of ${meeting.board.chair} chair "${meeting.board.name}" and write its minutes`,
      );
    }
    await this.options.service.setMinutes(meeting, text, caller.actor);
    return this.view(caller, await this.options.service.resolve(id));
  }

  private assertSeparation(release: Release, actor: string) {
    if (
      this.options.separationOfDuties &&
      excludedApprovers(release).includes(actor)
    ) {
      throw new NotAllowedError(
        `separation of duties: you ${
          actor === release.createdBy ? 'created' : 'changed the owner of'
        } this release, so another chair must decide on it`,
      );
    }
  }

  /** Whether the caller sits on the board and chairs it. */
  private async roles(caller: Caller, meeting: ResolvedMeeting) {
    if (!caller.userRef) {
      return { member: false, chair: false };
    }
    const { group, chair } = meeting.board;
    const members = await this.options.catalogFacts.membersOf([group, chair]);
    const lower = caller.userRef.toLocaleLowerCase('en-US');
    const has = (ref: string) =>
      (members.get(ref) ?? []).some(
        m => m.toLocaleLowerCase('en-US') === lower,
      );
    const isChair = has(chair);
    return { member: isChair || has(group), chair: isChair };
  }

  private async view(
    caller: Caller,
    meeting: ResolvedMeeting,
  ): Promise<CabMeeting> {
    const { service } = this.options;
    const access = await caller.access(cabManagePermission);
    const read = await service.agendaRead(meeting);
    const entries = read.entries.filter(e => access.canRead(e.release));
    const items: CabAgendaItem[] = [];
    for (const entry of entries) {
      items.push(await this.item(caller, entry));
    }
    const { member, chair } = await this.roles(caller, meeting);
    const record = meeting.record;
    return {
      ...service.summary({ ...meeting.key, board: meeting.board }),
      ...(meeting.board.description
        ? { description: meeting.board.description }
        : {}),
      nextStart: service.nextStartOf(meeting),
      minutes: record?.minutes ?? null,
      agendaAnnouncedAt: record?.agendaAnnouncedAt ?? null,
      items,
      ...(read.truncated ? { agendaTruncated: true } : {}),
      viewer: {
        member,
        chair,
        canAddItems: member && access.isAllowed(cabManagePermission),
        canDecide: chair,
        canWriteMinutes: chair && access.isAllowed(cabManagePermission),
      },
    };
  }

  /** An agenda entry with its collisions and freeze conflicts, among what the reader may read. */
  private async item(
    caller: Caller,
    entry: AgendaEntry,
  ): Promise<CabAgendaItem> {
    return {
      ...entry,
      warnings: await this.options.planWarnings.warnings(entry.release, caller),
    };
  }
}
