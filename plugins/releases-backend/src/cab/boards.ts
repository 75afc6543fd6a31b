import { Config } from '@backstage/config';
import {
  ApprovalPolicy,
  FreezeSelector,
  policyWhenSchema,
} from '@backstage-itsm/plugin-releases-common';
import { DateTime, Duration, IANAZone } from 'luxon';
import { normalizeEntityRef } from '../catalog/refs';
import {
  expandWindow,
  FreezeWindow,
  parseRecurrence,
  readDateTime,
} from '../calendar/freezeWindows';

/** A configured board, checked and ready to expand. */
export interface BoardConfig {
  name: string;
  /** The board's part of meeting ids: lower-case letters, digits and `-`. */
  slug: string;
  description?: string;
  group: string;
  chair: string;
  rrule: string;
  duration: string;
  timezone: string;
  when: ApprovalPolicy['when'];
  /** The recurrence as a window of its own, for `expandWindow`. */
  schedule: FreezeWindow;
}

export interface CabSettings {
  boards: BoardConfig[];
  /** How long before a meeting its agenda is announced to the members. */
  agendaLeadTimeMs: number;
}

const slugOf = (name: string) =>
  name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * Reads `releases.cab`: the boards, their meetings (RRULE, time zone and
 * duration, as freeze windows take them) and which releases need each one
 * (`when`, as approval policies take it). A mistake stops the backend at
 * start-up with a message naming the key.
 */
export function readCabSettings(
  config: Config,
  environmentNames: string[],
): CabSettings {
  const lead = config.getOptionalString('releases.cab.agendaLeadTime') ?? 'P1D';
  const leadTime = Duration.fromISO(lead);
  if (!leadTime.isValid || leadTime.toMillis() <= 0) {
    throw new Error(
      `releases.cab.agendaLeadTime: "${lead}" is not a positive ISO-8601 duration, e.g. P1D`,
    );
  }
  const names = new Set<string>();
  const slugs = new Map<string, string>();
  const boards = (
    config.getOptionalConfigArray('releases.cab.boards') ?? []
  ).map((board, index): BoardConfig => {
    const name = board.getOptionalString('name');
    const label = `releases.cab.boards[${index}]${name ? ` ("${name}")` : ''}`;
    const fail = (field: string, why: string): never => {
      throw new Error(`${label}.${field}: ${why}`);
    };
    if (!name || name.trim() === '') {
      return fail('name', 'is required');
    }
    if (name.length > 100) {
      fail('name', 'must be at most 100 characters');
    }
    if (names.has(name)) {
      fail('name', 'is used by another board; names must be unique');
    }
    names.add(name);
    const slug = slugOf(name);
    if (!slug) {
      fail('name', 'needs at least one letter or digit');
    }
    if (slugs.has(slug)) {
      fail(
        'name',
        `reads as "${slug}" in meeting ids, like the board "${slugs.get(
          slug,
        )}"; choose names that differ in letters or digits`,
      );
    }
    slugs.set(slug, name);

    const refOf = (key: string) => {
      const value = board.getOptionalString(key);
      if (value === undefined) {
        return undefined;
      }
      try {
        return normalizeEntityRef(value, 'group', key);
      } catch {
        return fail(
          key,
          `"${value}" is not a group ref, e.g. group:default/cab`,
        );
      }
    };
    const group =
      refOf('group') ??
      fail('group', 'is required: the group whose members sit on the board');
    const chair = refOf('chair') ?? group;

    const timezone = board.getOptionalString('timezone') ?? 'UTC';
    if (!IANAZone.isValidZone(timezone)) {
      fail(
        'timezone',
        `"${timezone}" is not an IANA time zone, e.g. Europe/Berlin`,
      );
    }
    const rrule = board.getOptionalString('rrule');
    if (!rrule) {
      return fail('rrule', 'is required, e.g. FREQ=WEEKLY;BYDAY=TH;BYHOUR=14');
    }
    const start = readDateTime(board, 'start', timezone, fail);
    let rule;
    try {
      rule = parseRecurrence(rrule, start, timezone);
    } catch (error) {
      return fail(
        'rrule',
        `"${rrule}" is not a valid RRULE (${(error as Error).message})`,
      );
    }
    const durationText = board.getOptionalString('duration') ?? 'PT1H';
    const duration = Duration.fromISO(durationText);
    if (!duration.isValid || duration.toMillis() <= 0) {
      return fail(
        'duration',
        `"${durationText}" is not a positive ISO-8601 duration, e.g. PT1H`,
      );
    }
    if (duration.toMillis() > 24 * 3600 * 1000) {
      fail('duration', 'a meeting may last at most a day (PT24H)');
    }

    const parsed = policyWhenSchema.safeParse(board.getOptional('when') ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(
        `when${issue.path.length ? `.${issue.path.join('.')}` : ''}`,
        issue.message,
      );
    }
    for (const env of parsed.data.environments ?? []) {
      if (!environmentNames.includes(env)) {
        fail(
          'when.environments',
          `"${env}" is not a configured environment (${environmentNames.join(
            ', ',
          )})`,
        );
      }
    }

    return {
      name,
      slug,
      description: board.getOptionalString('description'),
      group,
      chair,
      rrule,
      duration: durationText,
      timezone,
      when: {
        ...parsed.data,
        selector: parsed.data.selector as FreezeSelector | undefined,
      },
      schedule: {
        name,
        kind: 'maintenance',
        timezone,
        environments: [],
        allow: [],
        rrule,
        duration: durationText,
        start: start?.toISO() ?? undefined,
        rule,
        ruleDuration: duration,
      },
    };
  });
  return { boards, agendaLeadTimeMs: leadTime.toMillis() };
}

/** A meeting occurrence of a board. */
export interface Occurrence {
  id: string;
  board: BoardConfig;
  start: string;
  end: string;
}

const ID_TIME_FORMAT = "yyyyMMdd'T'HHmm'Z'";

export function meetingId(board: BoardConfig, start: string): string {
  return `${board.slug}-${DateTime.fromISO(start, { zone: 'utc' }).toFormat(
    ID_TIME_FORMAT,
  )}`;
}

/** The board and start a meeting id names, when it names one (not checked against the rule). */
export function parseMeetingId(
  boards: BoardConfig[],
  id: string,
): { board: BoardConfig; start: string } | undefined {
  const match = /^(.+)-(\d{8}T\d{4}Z)$/.exec(id);
  if (!match) {
    return undefined;
  }
  const board = boards.find(b => b.slug === match[1]);
  const start = DateTime.fromFormat(match[2], ID_TIME_FORMAT, { zone: 'utc' });
  if (!board || !start.isValid) {
    return undefined;
  }
  return { board, start: start.toISO()! };
}

/** The board's meetings that overlap [from, to), by start. */
export function occurrencesOf(
  board: BoardConfig,
  from: Date,
  to: Date,
): Occurrence[] {
  return expandWindow(board.schedule, from, to).map(o => ({
    id: meetingId(board, o.start),
    board,
    start: new Date(o.start).toISOString(),
    end: new Date(o.end).toISOString(),
  }));
}
