import { JsonObject } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import fc from 'fast-check';
import {
  expandWindow,
  expandWindowDirectly,
  readFreezeWindows,
} from './freezeWindows';

const ENVIRONMENTS = ['development', 'staging', 'production'];

function windows(freezeWindows: JsonObject[]) {
  return readFreezeWindows(
    new ConfigReader({ releases: { freezeWindows } }),
    ENVIRONMENTS,
  );
}

describe('readFreezeWindows', () => {
  it('reads a fixed window in its time zone', () => {
    const [w] = windows([
      {
        name: 'Year-end freeze',
        start: '2026-12-20T00:00:00',
        end: '2027-01-04T00:00:00',
        timezone: 'Europe/Berlin',
        environments: ['production'],
        allow: ['emergency'],
      },
    ]);
    const [o] = expandWindow(
      w,
      new Date('2026-12-01T00:00:00Z'),
      new Date('2027-02-01T00:00:00Z'),
    );
    // Midnight in Berlin is 23:00 UTC the day before in winter.
    expect(o).toMatchObject({
      window: 'Year-end freeze',
      kind: 'freeze',
      start: '2026-12-19T23:00:00.000Z',
      end: '2027-01-03T23:00:00.000Z',
      environments: ['production'],
      allow: ['emergency'],
    });
    expect(
      expandWindow(
        w,
        new Date('2027-02-01T00:00:00Z'),
        new Date('2027-03-01T00:00:00Z'),
      ),
    ).toEqual([]);
  });

  it('keeps a recurring window at the same local time across daylight-saving changes', () => {
    const [w] = windows([
      {
        name: 'No Friday deploys',
        rrule: 'FREQ=WEEKLY;BYDAY=FR;BYHOUR=14',
        duration: 'PT66H',
        timezone: 'America/New_York',
        environments: ['production'],
        selector: { system: 'payments' },
      },
    ]);
    // New York leaves daylight-saving time on Sunday 1 November 2026.
    const occurrences = expandWindow(
      w,
      new Date('2026-10-22T00:00:00Z'),
      new Date('2026-11-12T00:00:00Z'),
    );
    expect(occurrences.map(o => [o.start, o.end])).toEqual([
      ['2026-10-23T18:00:00.000Z', '2026-10-26T12:00:00.000Z'],
      // Starts 14:00 EDT, ends 66 hours later in EST.
      ['2026-10-30T18:00:00.000Z', '2026-11-02T12:00:00.000Z'],
      ['2026-11-06T19:00:00.000Z', '2026-11-09T13:00:00.000Z'],
    ]);
    expect(occurrences[0].selector).toEqual({ system: ['payments'] });

    // And back into daylight-saving time on Sunday 14 March 2027 (the first
    // occurrence began before the range and runs into it).
    const spring = expandWindow(
      w,
      new Date('2027-03-08T00:00:00Z'),
      new Date('2027-03-20T00:00:00Z'),
    );
    expect(spring.map(o => o.start)).toEqual([
      '2027-03-05T19:00:00.000Z',
      '2027-03-12T19:00:00.000Z',
      '2027-03-19T18:00:00.000Z',
    ]);
  });

  it('includes an occurrence that began before the range and still runs', () => {
    const [w] = windows([
      {
        name: 'Weekend',
        rrule: 'FREQ=WEEKLY;BYDAY=SA;BYHOUR=0',
        duration: 'P2D',
        timezone: 'UTC',
      },
    ]);
    const [o] = expandWindow(
      w,
      new Date('2026-11-29T12:00:00Z'),
      new Date('2026-11-29T13:00:00Z'),
    );
    expect(o).toMatchObject({
      start: '2026-11-28T00:00:00.000Z',
      end: '2026-11-30T00:00:00.000Z',
      environments: ENVIRONMENTS,
    });
  });

  it.each([
    [
      { start: '2026-12-20T00:00:00', end: '2027-01-04T00:00:00' },
      'releases.freezeWindows[0].name: is required',
    ],
    [
      {
        name: 'A',
        start: '2026-12-20T00:00:00',
        end: '2027-01-04T00:00:00',
        timezone: 'Mars/Olympus',
      },
      'releases.freezeWindows[0] ("A").timezone: "Mars/Olympus" is not an IANA time zone',
    ],
    [
      { name: 'A', start: 'soon', end: '2027-01-04T00:00:00' },
      '("A").start: "soon" is not an ISO-8601 date-time',
    ],
    [
      { name: 'A', start: '2027-01-04T00:00:00', end: '2026-12-20T00:00:00' },
      '("A").end: must be after start',
    ],
    [{ name: 'A', start: '2027-01-04T00:00:00' }, '("A").end: is required'],
    [
      { name: 'A', rrule: 'FREQ=WEEKLY;BYDAY=XX', duration: 'PT1H' },
      '("A").rrule: "FREQ=WEEKLY;BYDAY=XX" is not a valid RRULE',
    ],
    [
      { name: 'A', rrule: 'FREQ=WEEKLY' },
      '("A").duration: is required with rrule',
    ],
    [
      { name: 'A', rrule: 'FREQ=WEEKLY', duration: 'two hours' },
      '("A").duration: "two hours" is not a positive ISO-8601 duration',
    ],
    [
      {
        name: 'A',
        rrule: 'FREQ=DAILY',
        duration: 'PT1H',
        environments: ['moon'],
      },
      '("A").environments: "moon" is not a configured environment',
    ],
    [
      { name: 'A', rrule: 'FREQ=DAILY', duration: 'PT1H', allow: ['hotfix'] },
      '("A").allow: "hotfix" is not a release type',
    ],
    [
      {
        name: 'A',
        rrule: 'FREQ=DAILY',
        duration: 'PT1H',
        selector: { team: 'x' },
      },
      '("A").selector.team: is not a selector',
    ],
  ])(
    'refuses a broken window with a message naming it and the field (%#)',
    (window, message) => {
      expect(() => windows([window])).toThrow(message);
    },
  );

  it('refuses two windows with one name', () => {
    const w = { name: 'A', rrule: 'FREQ=DAILY', duration: 'PT1H' };
    expect(() => windows([w, w])).toThrow(
      'releases.freezeWindows[1] ("A").name: is used by another window',
    );
  });
});

describe('expandWindow', () => {
  const recurring = windows([
    {
      name: 'Weekly CAB',
      kind: 'maintenance',
      rrule: 'FREQ=WEEKLY;BYDAY=TH;BYHOUR=14',
      duration: 'PT1H',
      timezone: 'Europe/Berlin',
    },
    {
      name: 'No Friday deploys',
      rrule: 'FREQ=WEEKLY;BYDAY=FR;BYHOUR=14',
      duration: 'PT66H',
      timezone: 'America/New_York',
      environments: ['production'],
    },
    {
      name: 'Nightly',
      rrule: 'FREQ=DAILY;BYHOUR=23;BYMINUTE=30',
      duration: 'PT2H',
      timezone: 'Pacific/Auckland',
      start: '2025-03-01T00:00:00',
    },
    {
      name: 'Month end',
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1',
      duration: 'P2D',
      timezone: 'UTC',
    },
  ]);
  const HOUR = 3600 * 1000;
  const base = Date.parse('2026-12-01T00:00:00Z');

  it('finds by the years it keeps exactly what an expansion of the range alone finds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: recurring.length - 1 }),
        // From three years back to three years ahead, up to 400 days long.
        fc.integer({ min: -3 * 365 * 24, max: 3 * 365 * 24 }),
        fc.integer({ min: 1, max: 400 * 24 }),
        (which, startHours, lengthHours) => {
          const from = new Date(base + startHours * HOUR);
          const to = new Date(from.getTime() + lengthHours * HOUR);
          const window = recurring[which];
          expect(expandWindow(window, from, to)).toEqual(
            expandWindowDirectly(window, from, to),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('hands out copies: changing an occurrence does not change the next answer', () => {
    const from = new Date('2026-12-01T00:00:00Z');
    const to = new Date('2027-01-01T00:00:00Z');
    const [first] = expandWindow(recurring[0], from, to);
    first.start = 'changed';
    expect(expandWindow(recurring[0], from, to)[0].start).toBe(
      '2026-12-03T13:00:00.000Z',
    );
  });
});
