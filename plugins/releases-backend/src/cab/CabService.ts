import { NotFoundError } from '@backstage/errors';
import {
  CabBoard,
  CabDecision,
  CabDecisionValue,
  CabItemState,
  CabMeetingStatus,
  CabMeetingSummary,
  Release,
  ReleaseApprovals,
  ReleasePhase,
} from '@backstage-itsm/plugin-releases-common';
import { DateTime } from 'luxon';
import { LRUCache } from 'lru-cache';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  ApprovalEvaluator,
  decidablePhases,
} from '../governance/ApprovalEvaluator';
import {
  RollbackPlanRule,
  rollbackPlanRequirement,
} from '../governance/rollbackPlans';
import { ReleaseStore } from '../releases/ReleaseStore';
import { badField, conflictOn } from '../service/errors';
import { ReleaseEffects } from '../service/ReleaseEffects';
import {
  BoardConfig,
  CabSettings,
  Occurrence,
  occurrencesOf,
  parseMeetingId,
} from './boards';
import { CabStore, ItemRecord, MeetingKey, MeetingRecord } from './CabStore';

const DAY = 24 * 3600 * 1000;
/** How far from now a meeting may lie to be opened by id (the calendar's horizon). */
const MEETING_HORIZON_DAYS = 1096;
/** The board decides on releases on their way to deploy. */
const AGENDA_PHASES: ReleasePhase[] = ['plan', 'design', 'build', 'test'];
/** An agenda considers at most this many releases. */
const AGENDA_PAGE = 500;
/** Candidates read (and judged) at most for one agenda. */
export const MAX_AGENDA_CANDIDATES = 2_000;

/** The board's verdict on a release for its round: its approval or rejection, else whether this meeting deferred it. */
function stateOf(
  final: CabDecision | undefined,
  deferredHere: boolean,
): CabItemState {
  if (final) {
    return final.decision as CabItemState;
  }
  return deferredHere ? 'deferred' : 'pending';
}

/** A meeting, resolved against its board. */
export interface ResolvedMeeting {
  key: MeetingKey;
  board: BoardConfig;
  record?: MeetingRecord;
}

/** A release on a meeting's agenda, before the reader's view is applied. */
export interface AgendaEntry {
  release: Release;
  source: 'agenda' | 'manual';
  addedBy: string | null;
  addedAt: string | null;
  note: string | null;
  state: CabItemState;
  decisions: CabDecision[];
  rollbackPlanRequired: boolean;
}

/**
 * Change Advisory Boards: their meetings (occurrences of each board's
 * recurrence, recorded lazily), the agenda of each meeting — the releases
 * that need the board, are planned before its next meeting and are not yet
 * decided for their current approval round, plus the items members added
 * by hand — the chair's decisions and the minutes. A chair's approval is
 * the board's approval rule (see ApprovalEvaluator), so the deploy gate,
 * the inbox and the dry-run see it. Permissions are the authorizing layer's.
 */
export class CabService {
  private readonly clock: () => Date;
  /**
   * A board's occurrences per asked range. Boards are fixed at start-up, so
   * a range's occurrences never change, and the calendar asks about the same
   * month on every load.
   */
  private readonly occurrences = new LRUCache<string, Occurrence[]>({
    max: 500,
  });

  constructor(
    private readonly options: {
      settings: CabSettings;
      store: CabStore;
      releases: ReleaseStore;
      evaluator: ApprovalEvaluator;
      rollbackPlans: RollbackPlanRule[];
      effects?: ReleaseEffects;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  get boards(): BoardConfig[] {
    return this.options.settings.boards;
  }

  /** The board of that name; a 400 naming `field` when there is none. */
  requireBoard(name: string, field = 'board'): BoardConfig {
    const board = this.boards.find(b => b.name === name);
    if (!board) {
      throw badField(
        field,
        `"${name}" is not a CAB board${
          this.boards.length
            ? ` (${this.boards.map(b => `"${b.name}"`).join(', ')})`
            : ': none is configured'
        }`,
      );
    }
    return board;
  }

  describeBoards(): CabBoard[] {
    const now = this.clock();
    return this.boards.map(board => {
      const next = this.nextMeeting(board, now);
      return {
        name: board.name,
        ...(board.description ? { description: board.description } : {}),
        group: board.group,
        chair: board.chair,
        rrule: board.rrule,
        duration: board.duration,
        timezone: board.timezone,
        when: board.when,
        nextMeeting: next ? this.summary(next) : null,
      };
    });
  }

  /** The meeting in progress at `at`, or the next one (within a year). */
  nextMeeting(board: BoardConfig, at: Date): Occurrence | undefined {
    for (const days of [35, 400]) {
      const found = occurrencesOf(
        board,
        at,
        new Date(at.getTime() + days * DAY),
      ).find(o => Date.parse(o.end) > at.getTime());
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  /** The start of the board's meeting after the one starting at `start`. */
  private followingStart(board: BoardConfig, start: string): string | null {
    const after = Date.parse(start) + 1;
    for (const days of [35, 400]) {
      const found = occurrencesOf(
        board,
        new Date(after),
        new Date(after + days * DAY),
      ).find(o => Date.parse(o.start) > Date.parse(start));
      if (found) {
        return found.start;
      }
    }
    return null;
  }

  summary(occurrence: {
    id: string;
    board: string | BoardConfig;
    start: string;
    end: string;
    timezone?: string;
  }): CabMeetingSummary {
    const board =
      typeof occurrence.board === 'string'
        ? this.boards.find(b => b.name === occurrence.board)
        : occurrence.board;
    return {
      id: occurrence.id,
      board: board?.name ?? String(occurrence.board),
      start: occurrence.start,
      end: occurrence.end,
      timezone: occurrence.timezone ?? board?.timezone ?? 'UTC',
      status: this.statusOf(occurrence.start, occurrence.end),
    };
  }

  private statusOf(start: string, end: string): CabMeetingStatus {
    const now = this.clock().getTime();
    if (Date.parse(start) > now) {
      return 'upcoming';
    }
    return Date.parse(end) > now ? 'in_progress' : 'past';
  }

  /** Meetings of every board (or one) that overlap [from, to), by start. */
  meetingsBetween(
    from: Date,
    to: Date,
    boardName?: string,
  ): CabMeetingSummary[] {
    const boards = boardName ? [this.requireBoard(boardName)] : this.boards;
    return boards
      .flatMap(board => this.occurrencesOf(board, from, to))
      .sort(
        (a, b) =>
          a.start.localeCompare(b.start) ||
          a.board.name.localeCompare(b.board.name),
      )
      .map(o => this.summary(o));
  }

  private occurrencesOf(board: BoardConfig, from: Date, to: Date) {
    const key = `${board.name}\n${from.getTime()}\n${to.getTime()}`;
    let found = this.occurrences.get(key);
    if (!found) {
      found = occurrencesOf(board, from, to);
      this.occurrences.set(key, found);
    }
    return found;
  }

  /**
   * A meeting by id: one on record, or an occurrence of a board's
   * recurrence (within the calendar's horizon); 404 otherwise.
   */
  async resolve(id: string): Promise<ResolvedMeeting> {
    const notFound = () => new NotFoundError(`No CAB meeting with id ${id}`);
    const record = await this.options.store.getMeeting(id);
    if (record) {
      const board = this.boards.find(b => b.name === record.board);
      if (!board) {
        throw notFound();
      }
      return { key: record, board, record };
    }
    const parsed = parseMeetingId(this.boards, id);
    if (!parsed) {
      throw notFound();
    }
    const start = Date.parse(parsed.start);
    const now = this.clock().getTime();
    if (Math.abs(start - now) > MEETING_HORIZON_DAYS * DAY) {
      throw notFound();
    }
    const occurrence = occurrencesOf(
      parsed.board,
      new Date(start - 60_000),
      new Date(start + 120_000),
    ).find(o => o.id === id);
    if (!occurrence) {
      throw notFound();
    }
    return {
      key: {
        id,
        board: parsed.board.name,
        start: occurrence.start,
        end: occurrence.end,
        timezone: parsed.board.timezone,
      },
      board: parsed.board,
    };
  }

  /** Opens a meeting: its row is written the first time it is read. */
  async open(id: string): Promise<ResolvedMeeting> {
    const meeting = await this.resolve(id);
    if (!meeting.record) {
      await this.options.store.ensureMeeting(meeting.key);
      meeting.record = await this.options.store.getMeeting(id);
    }
    return meeting;
  }

  /** Start of the meeting after this one: the agenda's horizon. */
  nextStartOf(meeting: ResolvedMeeting): string | null {
    return this.followingStart(meeting.board, meeting.key.start);
  }

  /** Whether the release needs the board's approval as it is now. */
  async needsBoard(release: Release, board: BoardConfig): Promise<boolean> {
    const { evaluator } = this.options;
    const boards = await evaluator.boardsFor(
      release,
      await evaluator.standardChangeOf(release),
    );
    return boards.includes(board.name);
  }

  /**
   * The meeting's agenda, every item (the reader's view is applied above):
   * while the meeting is not over, the releases on their way to deploy that
   * need the board, are planned before its next meeting and are not yet
   * approved or rejected for their current round; always, the items on
   * record (announced with the agenda or added by hand) and the releases
   * decided in it. By planned start, then risk (highest first).
   */
  async agenda(meeting: ResolvedMeeting): Promise<AgendaEntry[]> {
    return (await this.agendaRead(meeting)).entries;
  }

  /**
   * The agenda, and whether more releases could need the board than one
   * agenda judges (`MAX_AGENDA_CANDIDATES`, by planned start): the later
   * ones are then not on it by rule, and the meeting page says so.
   */
  async agendaRead(
    meeting: ResolvedMeeting,
  ): Promise<{ entries: AgendaEntry[]; truncated: boolean }> {
    const { store, releases } = this.options;
    const [recorded, meetingDecisions] = await Promise.all([
      store.itemsOf(meeting.key.id),
      store.decisionsOfMeeting(meeting.key.id),
    ]);
    const { releases: live, truncated } = await this.liveCandidates(meeting);
    const byId = new Map<string, Release>(live.map(r => [r.id, r]));
    const missing = [
      ...recorded.map(i => i.releaseId),
      ...meetingDecisions.map(d => d.releaseId),
    ].filter(id => !byId.has(id));
    for (const release of await releases.getMany(missing)) {
      byId.set(release.id, release);
    }
    const decisions = await store.decisionsOf([...byId.keys()]);
    const itemOf = new Map<string, ItemRecord>(
      recorded.map(i => [i.releaseId, i]),
    );
    const entries = [...byId.values()].map(release =>
      this.entry(
        meeting,
        release,
        itemOf.get(release.id),
        decisions.filter(
          d => d.releaseId === release.id && d.board === meeting.board.name,
        ),
      ),
    );
    entries.sort(
      (a, b) =>
        a.release.plannedStart.localeCompare(b.release.plannedStart) ||
        (b.release.risk?.score ?? -1) - (a.release.risk?.score ?? -1) ||
        a.release.id.localeCompare(b.release.id),
    );
    return { entries, truncated };
  }

  private entry(
    meeting: ResolvedMeeting,
    release: Release,
    item: ItemRecord | undefined,
    boardDecisions: CabDecision[],
  ): AgendaEntry {
    const round = boardDecisions.filter(d => d.round === release.approvalRound);
    const final = round.find(d => d.decision !== 'deferred');
    const deferredHere = round.some(
      d => d.decision === 'deferred' && d.meetingId === meeting.key.id,
    );
    return {
      release,
      source: item?.source ?? 'agenda',
      addedBy: item?.addedBy ?? null,
      addedAt: item?.addedAt ?? null,
      note: item?.note ?? null,
      state: stateOf(final, deferredHere),
      decisions: boardDecisions.filter(d => d.meetingId === meeting.key.id),
      rollbackPlanRequired: Boolean(
        rollbackPlanRequirement(release, this.options.rollbackPlans),
      ),
    };
  }

  /**
   * The releases the agenda holds by rule, while the meeting is not over,
   * and whether candidates were left unread.
   */
  private async liveCandidates(
    meeting: ResolvedMeeting,
  ): Promise<{ releases: Release[]; truncated: boolean }> {
    if (Date.parse(meeting.key.end) <= this.clock().getTime()) {
      return { releases: [], truncated: false };
    }
    const horizon = this.nextStartOf(meeting) ?? meeting.key.end;
    const board = meeting.board;
    // Only releases the board could still be asked about: not broken glass
    // (no board applies), of a type its rule covers, and without its final
    // decision in their current round. Those it decided take no place.
    const candidates: Release[] = [];
    let truncated = false;
    for (let offset = 0; ; offset += AGENDA_PAGE) {
      if (offset >= MAX_AGENDA_CANDIDATES) {
        truncated = true;
        break;
      }
      const page = await this.options.releases.list(
        {
          phases: AGENDA_PHASES,
          to: horizon,
          breakGlass: false,
          ...(board.when.types && { types: board.when.types }),
          condition: q =>
            q.whereNotExists(decided =>
              decided
                .select('cab_decisions.id')
                .from('cab_decisions')
                .where('cab_decisions.board', board.name)
                .whereRaw('cab_decisions.release_id = releases.id')
                .whereRaw('cab_decisions.round = releases.approval_round')
                .whereNot('cab_decisions.decision', 'deferred'),
            ),
        },
        { limit: AGENDA_PAGE, offset, order: 'asc' },
      );
      candidates.push(...page.items);
      if (
        page.items.length === 0 ||
        offset + page.items.length >= page.totalCount
      ) {
        break;
      }
    }
    const planned = candidates.filter(
      r => Date.parse(r.plannedStart) < Date.parse(horizon),
    );
    const needing: Release[] = [];
    for (const [index, release] of planned.entries()) {
      // Up to two thousand judgements: let other requests in between.
      if (index % 10 === 9) {
        await yieldToEventLoop();
      }
      if (await this.needsBoard(release, board)) {
        needing.push(release);
      }
    }
    return { releases: needing, truncated };
  }

  /** Whether the release is on the meeting's agenda (by rule or on record). */
  private async onAgenda(
    meeting: ResolvedMeeting,
    release: Release,
  ): Promise<boolean> {
    const [items, decisions] = await Promise.all([
      this.options.store.itemsOf(meeting.key.id),
      this.options.store.decisionsOfMeeting(meeting.key.id),
    ]);
    if (
      items.some(i => i.releaseId === release.id) ||
      decisions.some(d => d.releaseId === release.id)
    ) {
      return true;
    }
    if (Date.parse(meeting.key.end) <= this.clock().getTime()) {
      return false;
    }
    const horizon = this.nextStartOf(meeting) ?? meeting.key.end;
    return (
      AGENDA_PHASES.includes(release.phase) &&
      Date.parse(release.plannedStart) < Date.parse(horizon)
    );
  }

  /** A member puts a release on the agenda by hand (e.g. one planned after the next meeting). */
  async addItem(
    meeting: ResolvedMeeting,
    release: Release,
    actor: string,
    note: string | undefined,
  ): Promise<{ entry: AgendaEntry; created: boolean }> {
    if (Date.parse(meeting.key.end) <= this.clock().getTime()) {
      throw conflictOn('id', 'the meeting is over; add it to an upcoming one');
    }
    if (!AGENDA_PHASES.includes(release.phase)) {
      throw conflictOn(
        'releaseId',
        `the release is in ${release.phase}; the board decides on releases before they enter deploy`,
      );
    }
    if (!(await this.needsBoard(release, meeting.board))) {
      throw conflictOn(
        'releaseId',
        `the release does not need the approval of "${meeting.board.name}" as it is now`,
      );
    }
    const final = (await this.options.store.decisionsOf([release.id])).find(
      d =>
        d.board === meeting.board.name &&
        d.round === release.approvalRound &&
        d.decision !== 'deferred',
    );
    if (final) {
      throw conflictOn(
        'releaseId',
        `the board already ${final.decision} it in this approval round (meeting ${final.meetingId})`,
      );
    }
    const { created } = await this.options.store.addItem({
      meeting: meeting.key,
      releaseId: release.id,
      addedBy: actor,
      addedAt: this.clock(),
      note,
    });
    await this.options.effects?.governanceChanged();
    const entry = (await this.agenda(meeting)).find(
      e => e.release.id === release.id,
    )!;
    return { entry, created };
  }

  /**
   * The chair's decision on an item. `approved` is the board's approval
   * for the release's current round; `rejected` blocks it like any
   * rejection; `deferred` sends it to the next meeting.
   */
  async decide(
    meeting: ResolvedMeeting,
    release: Release,
    input: { decision: CabDecisionValue; comment: string },
    actor: string,
  ): Promise<{
    decision: CabDecision;
    created: boolean;
    approvals: ReleaseApprovals;
  }> {
    if (!(await this.onAgenda(meeting, release))) {
      throw conflictOn(
        'releaseId',
        'the release is not on the agenda of this meeting; a member may add it first',
      );
    }
    if (!decidablePhases(release).includes(release.phase)) {
      throw conflictOn(
        'decision',
        `the release is in ${release.phase}; the board decides before it enters deploy`,
      );
    }
    if (!(await this.needsBoard(release, meeting.board))) {
      throw conflictOn(
        'decision',
        `the release does not need the approval of "${meeting.board.name}" as it is now`,
      );
    }
    const before = await this.options.evaluator.evaluate(release);
    const recorded = await this.options.store.recordDecision({
      meeting: meeting.key,
      releaseId: release.id,
      round: release.approvalRound,
      decision: input.decision,
      comment: input.comment,
      decidedBy: actor,
      decidedAt: this.clock(),
      phases: decidablePhases(release),
    });
    const current = (await this.options.releases.get(release.id)) ?? release;
    const approvals = await this.options.evaluator.evaluate(current, {
      viewer: actor,
    });
    if (recorded.created) {
      await this.tellOfDecision(
        meeting,
        current,
        recorded.decision,
        before,
        approvals,
      );
    }
    return { ...recorded, approvals };
  }

  private async tellOfDecision(
    meeting: ResolvedMeeting,
    release: Release,
    decision: CabDecision,
    before: ReleaseApprovals,
    after: ReleaseApprovals,
  ) {
    const { effects } = this.options;
    if (!effects) {
      return;
    }
    await effects.governanceChanged();
    await effects.releaseChanged(release, {
      announce: false,
      actor: decision.decidedBy,
    });
    const verb = {
      approved: 'approved',
      rejected: 'rejected',
      deferred: 'deferred',
    }[decision.decision];
    await effects.toStakeholders(
      release,
      {
        topic: 'release-cab',
        title: `${meeting.board.name} ${verb} ${release.title}`,
        description: [
          `The ${meeting.board.name} meeting of ${
            meeting.key.start
          } ${verb} it${decision.comment ? `: ${decision.comment}` : '.'}`,
          before.status !== after.status && after.status === 'approved'
            ? 'All approvals are in; it may now enter deploy.'
            : '',
        ]
          .filter(Boolean)
          .join(' '),
        severity: decision.decision === 'rejected' ? 'high' : 'normal',
        scope: `release-cab:${release.id}:${release.approvalRound}`,
      },
      decision.decidedBy,
      [release.owner],
    );
  }

  async setMinutes(
    meeting: ResolvedMeeting,
    text: string,
    actor: string,
  ): Promise<MeetingRecord> {
    const record = await this.options.store.setMinutes(
      meeting.key,
      text,
      actor,
      this.clock(),
    );
    await this.options.effects?.governanceChanged();
    return record;
  }

  /**
   * Announces the agendas of meetings starting within the lead time, once
   * each (whichever replica claims it): records the items and tells the
   * members who may read at least one of them. Returns how many it announced.
   */
  async announceDueAgendas(): Promise<number> {
    const now = this.clock();
    const lead = this.options.settings.agendaLeadTimeMs;
    let announced = 0;
    for (const board of this.boards) {
      const due = occurrencesOf(
        board,
        now,
        new Date(now.getTime() + lead),
      ).filter(o => Date.parse(o.start) > now.getTime());
      for (const occurrence of due) {
        const existing = await this.options.store.getMeeting(occurrence.id);
        if (existing?.agendaAnnouncedAt) {
          continue;
        }
        const meeting: ResolvedMeeting = {
          key: {
            id: occurrence.id,
            board: board.name,
            start: occurrence.start,
            end: occurrence.end,
            timezone: board.timezone,
          },
          board,
          record: existing,
        };
        const entries = (await this.agenda(meeting)).filter(
          e => e.state === 'pending' || e.state === 'deferred',
        );
        const claimed = await this.options.store.announce(
          meeting.key,
          entries.map(e => e.release.id),
          now,
        );
        if (!claimed) {
          continue;
        }
        announced++;
        const when = DateTime.fromISO(occurrence.start, {
          zone: board.timezone,
        }).toFormat("ccc d LLL yyyy, HH:mm '('ZZZZ')'");
        await this.options.effects?.toReadersOfAny(
          entries.map(e => e.release),
          {
            topic: 'cab-agenda',
            title: `Agenda ready: ${board.name}, ${when}`,
            description: `The agenda of the ${board.name} meeting on ${when} is ready; review the changes before the meeting.`,
            link: `/releases/cab/meetings/${encodeURIComponent(occurrence.id)}`,
            severity: 'normal',
            scope: `cab-agenda:${occurrence.id}`,
          },
          [board.group, board.chair],
        );
      }
    }
    return announced;
  }
}
