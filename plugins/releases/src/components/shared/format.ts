import { DateTime } from 'luxon';
import {
  humanizeRef,
  PHASE_LABELS,
  ReleaseComponent,
  ReleasePhase,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';

const TYPE_LABELS: Record<ReleaseType, string> = {
  major: 'Major',
  minor: 'Minor',
  emergency: 'Emergency',
};

export function typeLabel(type: ReleaseType): string {
  return TYPE_LABELS[type] ?? type;
}

export function phaseLabel(phase: ReleasePhase): string {
  return PHASE_LABELS[phase] ?? phase;
}

/** A timestamp in the viewer's time zone, e.g. `Dec 1, 2026, 9:00 AM`. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) {
    return '—';
  }
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toLocaleString(DateTime.DATETIME_MED) : iso;
}

/** A planned window; the end drops its date when it falls on the same day. */
export function formatWindow(startIso: string, endIso: string): string {
  const start = DateTime.fromISO(startIso);
  const end = DateTime.fromISO(endIso);
  if (!start.isValid || !end.isValid) {
    return `${startIso} – ${endIso}`;
  }
  const endText = start.hasSame(end, 'day')
    ? end.toLocaleString(DateTime.TIME_SIMPLE)
    : end.toLocaleString(DateTime.DATETIME_MED);
  return `${start.toLocaleString(DateTime.DATETIME_MED)} – ${endText}`;
}

export function formatRelative(iso: string): string {
  return DateTime.fromISO(iso).toRelative() ?? '';
}

/** The viewer's zone, e.g. `Europe/Berlin`, to say in which zone times are shown. */
export function localZoneName(): string {
  return DateTime.local().zoneName ?? 'local time';
}

/** `component:default/payments-api` → `payments-api` (shared with the backend's sentences). */
export { humanizeRef };

export function formatComponent(component: ReleaseComponent): string {
  const name = humanizeRef(component.entityRef);
  return component.version ? `${name}@${component.version}` : name;
}
