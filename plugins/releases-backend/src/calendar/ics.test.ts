import { Release } from '@backstage-itsm/plugin-releases-common';
import { buildIcs, icsCalendar, IcsContent } from './ics';

function release(i: number): Release {
  const start = Date.parse('2026-12-01T08:00:00Z') + i * 3600 * 1000;
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    // Multi-byte characters and a surrogate pair land on every fold point.
    title: `Release ${i} — ünïcode ${'€'.repeat(
      i % 40,
    )}🚀, commas; and a title long enough to be folded over more than one line`,
    description: i % 3 === 0 ? `Line one\nline two of ${i}` : '',
    type: i % 5 === 0 ? 'emergency' : 'minor',
    phase: i % 7 === 0 ? 'cancelled' : 'build',
    owner: 'group:default/team-a',
    components: [
      { entityRef: 'component:default/svc-a', version: `1.${i}.0` },
      { entityRef: 'component:default/svc-b' },
    ],
    environments: ['staging', 'production'],
    plannedStart: new Date(start).toISOString(),
    plannedEnd: new Date(start + 2 * 3600 * 1000).toISOString(),
    updatedAt: '2026-11-30T10:00:00.000Z',
    revision: i,
  } as Release;
}

describe('buildIcs', () => {
  const content: IcsContent = {
    name: 'Releases — system:default/storefront',
    releases: Array.from({ length: 450 }, (_, i) => release(i)),
    freezes: [
      {
        window: 'Year-end freeze',
        kind: 'freeze',
        start: '2026-12-20T00:00:00.000Z',
        end: '2027-01-04T00:00:00.000Z',
        timezone: 'UTC',
        environments: ['production'],
        allow: ['emergency'],
      },
    ],
    meetings: [
      {
        id: 'weekly-cab-20261203T1300Z',
        board: 'Weekly CAB',
        start: '2026-12-03T13:00:00.000Z',
        end: '2026-12-03T14:00:00.000Z',
        timezone: 'Europe/Berlin',
        status: 'upcoming',
      },
    ],
    appBaseUrl: 'http://localhost:3000',
  };

  it('writes in slices the same text as the calendar written at once', async () => {
    const text = await buildIcs(content);
    expect(text).toBe(icsCalendar(content).toString());
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(452);
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('\r\nEND:VCALENDAR')).toBe(true);
    // Folded: no line longer than 75 octets.
    expect(
      text.split('\r\n').every(line => Buffer.byteLength(line) <= 75),
    ).toBe(true);
  });

  it('writes an empty calendar as the calendar would', async () => {
    const empty = { ...content, releases: [], freezes: [], meetings: [] };
    expect(await buildIcs(empty)).toBe(icsCalendar(empty).toString());
  });
});
