import {
  AllowWindowOccurrence,
  CabMeetingSummary,
  CalendarRelease,
  FreezeOccurrence,
  PHASE_LABELS,
} from '@backstage-itsm/plugin-releases-common';
import ical, { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

const UID_DOMAIN = 'releases.backstage-itsm';

/**
 * Text as a property value may hold it. ical-generator escapes summaries and
 * descriptions but writes the calendar's name as given, so a CR/LF there
 * would start properties (or events) of its own; and no control character
 * belongs in a calendar at all.
 */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');
}

/** A property value ical-generator writes unescaped (the calendar's name), escaped per RFC 5545. */
function escapedValue(text: string): string {
  return clean(text)
    .replace(/\n/g, ' ')
    .replace(/[\\;,]/g, match => `\\${match}`);
}

/** What a feed shows. */
export interface IcsContent {
  name: string;
  releases: CalendarRelease[];
  freezes: FreezeOccurrence[];
  allowWindows?: AllowWindowOccurrence[];
  meetings?: CabMeetingSummary[];
  appBaseUrl: string;
}

/** Events written between two turns of the event loop. */
const EVENTS_PER_SLICE = 100;

/**
 * A content line folded as RFC 5545 asks and as ical-generator's `foldLines`
 * does (a break before the octet that would pass 74, characters kept whole),
 * at a fraction of its cost: it encodes every character anew, about half a
 * millisecond per event.
 */
function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= 74) {
    return line;
  }
  let folded = '';
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    let char = line.charAt(i);
    if (char >= '\ud800' && char <= '\udbff') {
      char += line.charAt(++i);
    }
    const size = char.charCodeAt(0) < 0x80 ? 1 : Buffer.byteLength(char);
    octets += size;
    if (octets > 74) {
      folded += '\r\n ';
      octets = size;
    }
    folded += char;
  }
  return folded;
}

const foldLines = (text: string) =>
  text.split('\r\n').map(foldLine).join('\r\n');

/**
 * An RFC 5545 calendar of releases and freeze windows, as text. A feed holds
 * thousands of events: they are written a slice at a time, letting other
 * requests in between, into the same text the calendar would write at once.
 */
export async function buildIcs(content: IcsContent): Promise<string> {
  const calendar = icsCalendar(content);
  const events = calendar.events();
  calendar.clear();
  const text = calendar.toString();
  const end = 'END:VCALENDAR';
  const parts = [text.slice(0, text.length - end.length)];
  for (let i = 0; i < events.length; i += EVENTS_PER_SLICE) {
    if (i > 0) {
      await yieldToEventLoop();
    }
    parts.push(
      ...events
        .slice(i, i + EVENTS_PER_SLICE)
        .map(e => foldLines(e.toString())),
    );
  }
  parts.push(end);
  return parts.join('');
}

/**
 * The calendar's events. UIDs are stable (the release id; the window name
 * and occurrence start) so that a calendar app replaces an event when it
 * changes instead of adding a second one.
 */
export function icsCalendar(options: IcsContent): ICalCalendar {
  const calendar = ical({
    name: escapedValue(options.name),
    prodId: { company: 'backstage-itsm', product: 'releases', language: 'EN' },
    ttl: 3600,
  });
  for (const release of options.releases) {
    calendar.createEvent({
      id: `release-${release.id}@${UID_DOMAIN}`,
      start: new Date(release.plannedStart),
      end: new Date(release.plannedEnd),
      stamp: new Date(release.updatedAt),
      lastModified: new Date(release.updatedAt),
      sequence: release.revision,
      summary: clean(
        `[${release.type}] ${release.title} (${PHASE_LABELS[release.phase]})`,
      ),
      description: clean(
        [
          release.description,
          `Owner: ${release.owner}`,
          `Components: ${release.components
            .map(c => (c.version ? `${c.entityRef}@${c.version}` : c.entityRef))
            .join(', ')}`,
          `Environments: ${release.environments.join(', ')}`,
        ]
          .filter(Boolean)
          .join('\n'),
      ),
      url: `${options.appBaseUrl}/releases/${release.id}`,
      status:
        release.phase === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : ICalEventStatus.CONFIRMED,
    });
  }
  for (const freeze of options.freezes) {
    calendar.createEvent({
      id: freeze.runtime
        ? `freeze-runtime-${freeze.runtime.freezeId}@${UID_DOMAIN}`
        : `${freeze.kind}-${encodeURIComponent(freeze.window)}-${
            freeze.start
          }@${UID_DOMAIN}`,
      start: new Date(freeze.start),
      end: new Date(freeze.end),
      stamp: new Date(freeze.start),
      summary: clean(
        `${
          freeze.kind === 'freeze' ? 'Change freeze' : 'Maintenance window'
        }: ${freeze.window}`,
      ),
      description: clean(
        [
          freeze.runtime
            ? `Declared by ${freeze.runtime.declaredBy}: ${
                freeze.runtime.reason
              }${freeze.runtime.openEnded ? ' (until lifted)' : ''}`
            : '',
          `Environments: ${freeze.environments.join(', ')}`,
          freeze.allow.length > 0
            ? `Still allowed: ${freeze.allow.join(', ')} releases`
            : 'No releases allowed',
        ]
          .filter(Boolean)
          .join('\n'),
      ),
    });
  }
  for (const window of options.allowWindows ?? []) {
    calendar.createEvent({
      id: `allow-${encodeURIComponent(window.window)}-${
        window.start
      }@${UID_DOMAIN}`,
      start: new Date(window.start),
      end: new Date(window.end),
      stamp: new Date(window.start),
      summary: clean(`Deploy window: ${window.window}`),
      description: `Deploys to ${window.environments.join(
        ', ',
      )} happen only inside deploy windows`,
    });
  }
  for (const meeting of options.meetings ?? []) {
    calendar.createEvent({
      id: `cab-${meeting.id}@${UID_DOMAIN}`,
      start: new Date(meeting.start),
      end: new Date(meeting.end),
      stamp: new Date(meeting.start),
      summary: clean(`CAB: ${meeting.board}`),
      description: clean(`Change Advisory Board meeting (${meeting.board})`),
      url: `${options.appBaseUrl}/releases/cab/meetings/${encodeURIComponent(
        meeting.id,
      )}`,
    });
  }
  return calendar;
}
