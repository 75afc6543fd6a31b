import {
  CabDecisionValue,
  CabItemState,
  CabMeetingSummary,
} from '@backstage-itsm/plugin-releases-common';
import { DateTime } from 'luxon';

const STATE_LABELS: Record<CabItemState, string> = {
  pending: 'Waiting for the board',
  deferred: 'Deferred',
  approved: 'Approved by the board',
  rejected: 'Rejected by the board',
};

const DECISION_LABELS: Record<CabDecisionValue, string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  deferred: 'Deferred',
};

const STATUS_LABELS: Record<CabMeetingSummary['status'], string> = {
  upcoming: 'Upcoming',
  in_progress: 'In progress',
  past: 'Past',
};

export function itemStateLabel(state: CabItemState): string {
  return STATE_LABELS[state] ?? state;
}

export function decisionLabel(decision: CabDecisionValue): string {
  return DECISION_LABELS[decision] ?? decision;
}

export function meetingStatusLabel(status: CabMeetingSummary['status']) {
  return STATUS_LABELS[status] ?? status;
}

/** `Tue, Dec 1, 2026, 10:00 – 11:00`, in the reader's zone. */
export function formatMeetingTime(meeting: {
  start: string;
  end: string;
}): string {
  const start = DateTime.fromISO(meeting.start);
  const end = DateTime.fromISO(meeting.end);
  const day = start.toLocaleString({
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
  const endText = start.hasSame(end, 'day')
    ? end.toLocaleString(DateTime.TIME_SIMPLE)
    : end.toLocaleString(DateTime.DATETIME_MED);
  return `${day}, ${start.toLocaleString(DateTime.TIME_SIMPLE)} – ${endText}`;
}

/** A meeting's title: the board and the day it meets. */
export function meetingTitle(meeting: { board: string; start: string }) {
  return `${meeting.board} — ${DateTime.fromISO(meeting.start).toLocaleString(
    DateTime.DATE_FULL,
  )}`;
}
