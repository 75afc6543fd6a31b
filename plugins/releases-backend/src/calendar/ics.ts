import {
  AllowWindowOccurrence,
  CabMeetingSummary,
  FreezeOccurrence,
  PHASE_LABELS,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import ical, { ICalEventStatus } from 'ical-generator';

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

/**
 * An RFC 5545 calendar of releases and freeze windows. UIDs are stable (the
 * release id; the window name and occurrence start) so that a calendar app
 * replaces an event when it changes instead of adding a second one.
 */
export function buildIcs(options: {
  name: string;
  releases: Release[];
  freezes: FreezeOccurrence[];
  allowWindows?: AllowWindowOccurrence[];
  meetings?: CabMeetingSummary[];
  appBaseUrl: string;
}): string {
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
  return calendar.toString();
}
