import { componentRef, Scale, systemRef } from './dataset';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Local date-time in UTC, as `releases.freezeWindows[].start` takes it. */
const wallClock = (at: Date) => at.toISOString().slice(0, 19);

/** Every other system: half the components fall under the bench's selector. */
function frozenSystems(scale: Scale): string[] {
  return Array.from({ length: scale.systems }, (_, s) => s)
    .filter(s => s % 2 === 0)
    .map(s => systemRef(s).split('/')[1]);
}

const WEEKLY_FREEZE = 'Bench weekly freeze';
export const SELECTOR_FREEZE = 'Bench selector freeze';

/** A component of system 0, which the selectors cover. */
export const FROZEN_COMPONENT = componentRef(0);

/**
 * The bench's own `releases.freezeWindows`, replacing app-config.yaml's (whose
 * "No Friday deploys" would make the figures depend on the weekday):
 *
 * - "Bench weekly freeze", always configured: a selector freeze (production,
 *   every other system) recurring weekly for 24 h, anchored on the run's start
 *   so that its occurrences begin 3.5 days after the start (and every week
 *   before and after). It is never active during a run of under 2.5 days, but
 *   calendars, plan checks and dry-runs find its occurrences, and the
 *   starvation requests make the server expand it.
 * - "Bench selector freeze", configured only for the freeze phase (the backend
 *   is restarted for it): the same selector, active from an hour before that
 *   phase starts until a day after, emergency releases allowed.
 */
export function benchFreezeWindows(
  scale: Scale,
  runStart: Date,
  freezePhaseStart?: Date,
) {
  const selector = { system: frozenSystems(scale) };
  const windows: object[] = [
    {
      name: WEEKLY_FREEZE,
      rrule: 'FREQ=WEEKLY',
      duration: 'PT24H',
      start: wallClock(
        new Date(runStart.getTime() + 3.5 * DAY - 2 * 52 * WEEK),
      ),
      timezone: 'UTC',
      environments: ['production'],
      selector,
    },
  ];
  if (freezePhaseStart) {
    windows.push({
      name: SELECTOR_FREEZE,
      start: wallClock(new Date(freezePhaseStart.getTime() - HOUR)),
      end: wallClock(new Date(freezePhaseStart.getTime() + DAY)),
      timezone: 'UTC',
      environments: ['production'],
      allow: ['emergency'],
      selector,
    });
  }
  return windows;
}

/** How the report describes the windows. */
export const FREEZE_WINDOWS_NOTE =
  `The bench replaces app-config.yaml's freeze windows with its own, so that no figure depends on the weekday: ` +
  `"${WEEKLY_FREEZE}" (production, a selector on every other system, weekly for 24 h, its occurrences 3.5 days after the run's start ` +
  `and every week before and after it, so never active during a run), always configured; and "${SELECTOR_FREEZE}" ` +
  `(the same selector, from an hour before the freeze phase until a day after it, emergency releases allowed), configured only ` +
  `for the freeze phase, for which the backend is restarted on the same data.`;
