import {
  FreezeOccurrence,
  PHASE_LABELS,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import ical, { ICalEventStatus } from 'ical-generator';

const UID_DOMAIN = 'releases.backstage-itsm';

/**
 * An RFC 5545 calendar of releases and freeze windows. UIDs are stable (the
 * release id; the window name and occurrence start) so that a calendar app
 * replaces an event when it changes instead of adding a second one.
 */
export function buildIcs(options: {
  name: string;
  releases: Release[];
  freezes: FreezeOccurrence[];
  appBaseUrl: string;
}): string {
  const calendar = ical({
    name: options.name,
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
      summary: `[${release.type}] ${release.title} (${
        PHASE_LABELS[release.phase]
      })`,
      description: [
        release.description,
        `Owner: ${release.owner}`,
        `Components: ${release.components
          .map(c => (c.version ? `${c.entityRef}@${c.version}` : c.entityRef))
          .join(', ')}`,
        `Environments: ${release.environments.join(', ')}`,
      ]
        .filter(Boolean)
        .join('\n'),
      url: `${options.appBaseUrl}/releases/${release.id}`,
      status:
        release.phase === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : ICalEventStatus.CONFIRMED,
    });
  }
  for (const freeze of options.freezes) {
    calendar.createEvent({
      id: `${freeze.kind}-${encodeURIComponent(freeze.window)}-${
        freeze.start
      }@${UID_DOMAIN}`,
      start: new Date(freeze.start),
      end: new Date(freeze.end),
      stamp: new Date(freeze.start),
      summary: `${
        freeze.kind === 'freeze' ? 'Change freeze' : 'Maintenance window'
      }: ${freeze.window}`,
      description: [
        `Environments: ${freeze.environments.join(', ')}`,
        freeze.allow.length > 0
          ? `Still allowed: ${freeze.allow.join(', ')} releases`
          : 'No releases allowed',
      ].join('\n'),
    });
  }
  return calendar.toString();
}
