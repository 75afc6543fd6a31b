import { Config } from '@backstage/config';
import {
  AllowWindowOccurrence,
  FreezeOccurrence,
  FreezeSelector,
  FreezeWindowDefinition,
  RELEASE_TYPES,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { DateTime, Duration, IANAZone, Interval } from 'luxon';
import { RRule } from 'rrule';

/** A configured window, checked and ready to expand. */
export interface FreezeWindow extends FreezeWindowDefinition {
  /** For recurring windows: the rule, evaluated in wall-clock time. */
  rule?: RRule;
  ruleDuration?: Duration;
}

const SELECTOR_KEYS = [
  'system',
  'owner',
  'component',
  'lifecycle',
  'tag',
] as const;

class WindowError extends Error {}

export function readDateTime(
  config: Config,
  key: string,
  zone: string,
  fail: (field: string, why: string) => never,
): DateTime | undefined {
  const raw = config.getOptional(key);
  if (raw === undefined) {
    return undefined;
  }
  // YAML may hand over a Date for an unquoted timestamp.
  const text = raw instanceof Date ? raw.toISOString() : raw;
  if (typeof text !== 'string') {
    return fail(key, 'must be an ISO-8601 date-time, e.g. 2026-12-20T00:00:00');
  }
  const parsed = DateTime.fromISO(text, { zone, setZone: false });
  if (!parsed.isValid) {
    return fail(
      key,
      `"${text}" is not an ISO-8601 date-time (${parsed.invalidExplanation})`,
    );
  }
  return parsed;
}

export function readStringList(
  config: Config,
  key: string,
  fail: (field: string, why: string) => never,
): string[] | undefined {
  const raw = config.getOptional(key);
  if (raw === undefined) {
    return undefined;
  }
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every(v => typeof v === 'string' && v.trim() !== '')) {
    return fail(key, 'must be a string or a list of strings');
  }
  return list as string[];
}

/**
 * An RFC 5545 rule evaluated in wall-clock time of `timezone` from `start`
 * (or 2020-01-01 00:00): occurrences are placed in that zone afterwards, so
 * a daylight-saving change never moves them (14:00 stays 14:00). Throws
 * with the reason when the rule does not parse or recurs more often than
 * daily.
 */
export function parseRecurrence(
  rruleText: string,
  start: DateTime | undefined,
  timezone: string,
): RRule {
  const options = RRule.parseString(rruleText.replace(/^RRULE:/i, ''));
  if (options.freq === undefined) {
    throw new Error('FREQ is missing');
  }
  // Expansion walks every occurrence since the first: finer rules
  // would cost millions of steps per question.
  if (options.freq > RRule.DAILY) {
    throw new Error('a window may recur at most daily (FREQ=DAILY or coarser)');
  }
  const anchor =
    start ??
    DateTime.fromObject({ year: 2020, month: 1, day: 1 }, { zone: timezone });
  const rule = new RRule({
    ...options,
    dtstart: new Date(
      Date.UTC(
        anchor.year,
        anchor.month - 1,
        anchor.day,
        anchor.hour,
        anchor.minute,
        anchor.second,
      ),
    ),
    tzid: undefined,
  });
  rule.after(new Date(Date.UTC(2020, 0, 1)), true);
  return rule;
}

/**
 * Reads `releases.freezeWindows`. A window that does not parse stops the
 * backend at start-up with a message naming the window and the field.
 */
export function readFreezeWindows(
  config: Config,
  environmentNames: string[],
): FreezeWindow[] {
  const windows = config.getOptionalConfigArray('releases.freezeWindows') ?? [];
  const names = new Set<string>();
  return windows.map((window, index) => {
    const label = `releases.freezeWindows[${index}]`;
    const name = window.getOptionalString('name');
    const fail = (field: string, why: string): never => {
      throw new WindowError(
        `${label}${name ? ` ("${name}")` : ''}.${field}: ${why}`,
      );
    };
    if (!name) {
      return fail('name', 'is required');
    }
    if (names.has(name)) {
      return fail('name', 'is used by another window; names must be unique');
    }
    names.add(name);

    const timezone = window.getOptionalString('timezone') ?? 'UTC';
    if (!IANAZone.isValidZone(timezone)) {
      return fail(
        'timezone',
        `"${timezone}" is not an IANA time zone, e.g. Europe/Berlin`,
      );
    }

    const environments =
      readStringList(window, 'environments', fail) ?? environmentNames;
    for (const env of environments) {
      if (!environmentNames.includes(env)) {
        fail(
          'environments',
          `"${env}" is not a configured environment (${environmentNames.join(
            ', ',
          )})`,
        );
      }
    }

    const allow = (readStringList(window, 'allow', fail) ??
      []) as ReleaseType[];
    for (const type of allow) {
      if (!RELEASE_TYPES.includes(type)) {
        fail(
          'allow',
          `"${type}" is not a release type (${RELEASE_TYPES.join(', ')})`,
        );
      }
    }

    const kind = window.getOptionalString('kind') ?? 'freeze';
    if (kind !== 'freeze' && kind !== 'maintenance' && kind !== 'allow') {
      fail('kind', 'must be freeze, maintenance or allow');
    }

    let selector: FreezeSelector | undefined;
    if (window.has('selector')) {
      const selectorConfig = window.getConfig('selector');
      for (const key of selectorConfig.keys()) {
        if (!(SELECTOR_KEYS as readonly string[]).includes(key)) {
          fail(
            `selector.${key}`,
            `is not a selector; use ${SELECTOR_KEYS.join(', ')}`,
          );
        }
      }
      selector = {};
      for (const key of SELECTOR_KEYS) {
        const values = readStringList(selectorConfig, key, (f, why) =>
          fail(`selector.${f}`, why),
        );
        if (values) {
          selector[key] = values;
        }
      }
    }

    const start = readDateTime(window, 'start', timezone, fail);
    const end = readDateTime(window, 'end', timezone, fail);
    const rruleText = window.getOptionalString('rrule');
    const durationText = window.getOptionalString('duration');

    const base: FreezeWindow = {
      name,
      kind: kind as FreezeWindow['kind'],
      timezone,
      environments,
      allow,
      selector,
      description: window.getOptionalString('description'),
    };

    if (rruleText) {
      if (end) {
        fail('end', 'a recurring window takes rrule and duration, not end');
      }
      if (!durationText) {
        return fail('duration', 'is required with rrule, e.g. PT66H');
      }
      const duration = Duration.fromISO(durationText);
      if (!duration.isValid || duration.toMillis() <= 0) {
        return fail(
          'duration',
          `"${durationText}" is not a positive ISO-8601 duration, e.g. PT66H or P1D`,
        );
      }
      let rule: RRule;
      try {
        rule = parseRecurrence(rruleText, start, timezone);
      } catch (error) {
        return fail(
          'rrule',
          `"${rruleText}" is not a valid RRULE (${(error as Error).message})`,
        );
      }
      return {
        ...base,
        rrule: rruleText,
        duration: durationText,
        start: start?.toISO() ?? undefined,
        rule,
        ruleDuration: duration,
      };
    }

    if (durationText) {
      fail('duration', 'only applies to a recurring window (with rrule)');
    }
    if (!start || !end) {
      return fail(
        start ? 'end' : 'start',
        'is required: give start and end, or rrule and duration',
      );
    }
    if (end <= start) {
      fail('end', 'must be after start');
    }
    return { ...base, start: start.toISO()!, end: end.toISO()! };
  });
}

function wallClockToZone(date: Date, zone: string): DateTime {
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    },
    { zone },
  );
}

/** An occurrence of a freeze, maintenance or allow window. */
export type WindowOccurrence = FreezeOccurrence | AllowWindowOccurrence;

/** However it is asked, one expansion yields at most this many occurrences of a window. */
export const MAX_OCCURRENCES_PER_EXPANSION = 5000;

/** One occurrence of a window, as UTC instants. */
function occurrenceOf(
  window: FreezeWindow,
  start: DateTime,
  end: DateTime,
): WindowOccurrence {
  return {
    window: window.name,
    kind: window.kind,
    start: start.toUTC().toISO()!,
    end: end.toUTC().toISO()!,
    timezone: window.timezone,
    environments: window.environments,
    allow: window.allow,
    selector: window.selector,
  } as WindowOccurrence;
}

const DAY_MS = 24 * 3600 * 1000;
/** Years around now whose occurrences are kept once expanded. */
const KEPT_YEARS_AROUND_NOW = 10;

interface ExpandedOccurrence {
  occurrence: WindowOccurrence;
  startMs: number;
  endMs: number;
}

const expandedYears = new WeakMap<
  FreezeWindow,
  Map<number, ExpandedOccurrence[]>
>();

/**
 * Every occurrence of a recurring window whose wall-clock start lies in the
 * year, kept for the window; undefined for a year far from now or one with
 * more occurrences than an expansion may yield (expanded per range instead).
 */
function occurrencesOfYear(
  window: FreezeWindow,
  year: number,
): ExpandedOccurrence[] | undefined {
  if (Math.abs(year - new Date().getUTCFullYear()) > KEPT_YEARS_AROUND_NOW) {
    return undefined;
  }
  let years = expandedYears.get(window);
  if (!years) {
    years = new Map();
    expandedYears.set(window, years);
  }
  const kept = years.get(year);
  if (kept) {
    return kept;
  }
  const yearEnd = Date.UTC(year + 1, 0, 1);
  const starts = window.rule!.between(
    new Date(Date.UTC(year, 0, 1)),
    new Date(yearEnd),
    true,
    (_date, count) => count <= MAX_OCCURRENCES_PER_EXPANSION,
  );
  if (starts.length > MAX_OCCURRENCES_PER_EXPANSION) {
    return undefined;
  }
  const expanded = starts
    .filter(wall => wall.getTime() < yearEnd)
    .map(wall => {
      const start = wallClockToZone(wall, window.timezone);
      const end = start.plus(window.ruleDuration!);
      return {
        occurrence: occurrenceOf(window, start, end),
        startMs: start.toMillis(),
        endMs: end.toMillis(),
      };
    });
  years.set(year, expanded);
  return expanded;
}

/** The occurrences of a window that overlap [from, to), as UTC instants. */
export function expandWindow(
  window: FreezeWindow,
  from: Date,
  to: Date,
): WindowOccurrence[] {
  if (!window.rule) {
    return expandWindowDirectly(window, from, to);
  }
  // The same search range as a direct expansion, by the years it touches:
  // a year's occurrences are expanded once (the zone arithmetic is most of
  // the cost, and a window does not change while the process runs).
  const margin = window.ruleDuration!.toMillis() + 2 * DAY_MS;
  const firstYear = new Date(from.getTime() - margin - DAY_MS).getUTCFullYear();
  const lastYear = new Date(to.getTime() + margin + DAY_MS).getUTCFullYear();
  const found: WindowOccurrence[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const occurrences = occurrencesOfYear(window, year);
    if (!occurrences) {
      return expandWindowDirectly(window, from, to);
    }
    for (const o of occurrences) {
      if (o.startMs < to.getTime() && o.endMs > from.getTime()) {
        found.push({ ...o.occurrence });
      }
    }
  }
  return found.slice(0, MAX_OCCURRENCES_PER_EXPANSION);
}

/** The occurrences of a window that overlap [from, to), expanded for this range alone. */
export function expandWindowDirectly(
  window: FreezeWindow,
  from: Date,
  to: Date,
): WindowOccurrence[] {
  const range = Interval.fromDateTimes(
    DateTime.fromJSDate(from),
    DateTime.fromJSDate(to),
  );
  const occurrence = (start: DateTime, end: DateTime) =>
    occurrenceOf(window, start, end);

  if (!window.rule) {
    const start = DateTime.fromISO(window.start!, { zone: window.timezone });
    const end = DateTime.fromISO(window.end!, { zone: window.timezone });
    return Interval.fromDateTimes(start, end).overlaps(range)
      ? [occurrence(start, end)]
      : [];
  }

  // Search in wall-clock time with a margin for the zone offset and the
  // window's length, then keep what really overlaps.
  const margin = window.ruleDuration!.toMillis() + 2 * 24 * 3600 * 1000;
  const toWall = (d: Date) => {
    const z = DateTime.fromJSDate(d, { zone: window.timezone });
    return new Date(
      Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second),
    );
  };
  const starts = window.rule.between(
    new Date(toWall(from).getTime() - margin),
    new Date(toWall(to).getTime() + margin),
    true,
    (_date, count) => count < MAX_OCCURRENCES_PER_EXPANSION,
  );
  return starts
    .map(wall => {
      const start = wallClockToZone(wall, window.timezone);
      return occurrence(start, start.plus(window.ruleDuration!));
    })
    .filter(o =>
      Interval.fromDateTimes(
        DateTime.fromISO(o.start),
        DateTime.fromISO(o.end),
      ).overlaps(range),
    );
}

export function isFreezeWindowError(error: unknown): error is Error {
  return error instanceof WindowError;
}
