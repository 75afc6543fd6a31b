import { DateTime } from 'luxon';
import { MetricsBucket } from '@backstage-itsm/plugin-releases-common';

/** What the UI shows for a value that cannot be computed. */
export const NO_VALUE = '—';

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const oneDecimal = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 1,
});

const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  maximumFractionDigits: 1,
});

/** A 0..1 rate as `12.5%`; `—` when there was nothing to divide by. */
export function formatRate(rate: number | null | undefined): string {
  return isNumber(rate) ? percent.format(rate) : NO_VALUE;
}

export function formatCount(count: number | null | undefined): string {
  return isNumber(count) ? oneDecimal.format(count) : NO_VALUE;
}

/** `45 min`, `2.5 h` or `3.2 d`, whichever reads best. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (!isNumber(minutes)) {
    return NO_VALUE;
  }
  if (minutes < 60) {
    return `${Math.round(minutes)} min`;
  }
  if (minutes < 48 * 60) {
    return `${oneDecimal.format(minutes / 60)} h`;
  }
  return `${oneDecimal.format(minutes / (24 * 60))} d`;
}

export function formatHours(hours: number | null | undefined): string {
  return isNumber(hours) ? formatMinutes(hours * 60) : NO_VALUE;
}

/** `2.5` per bucket on average, or `—` when the range has no buckets. */
export function perBucket(total: number, buckets: number): string {
  return buckets > 0 ? oneDecimal.format(total / buckets) : NO_VALUE;
}

export type BucketSize = 'week' | 'month';

/**
 * A bucket's name on an axis: `Sep 2026` or `Sep 7`. Buckets are calendar
 * periods in UTC, so they are named in UTC, else a month starting at UTC
 * midnight would carry the previous month's name west of Greenwich.
 */
export function bucketLabel(
  bucket: Pick<MetricsBucket, 'start'>,
  size: BucketSize,
): string {
  const start = DateTime.fromISO(bucket.start, { zone: 'utc' });
  if (!start.isValid) {
    return bucket.start;
  }
  return size === 'month'
    ? start.toFormat('LLL yyyy')
    : start.toFormat('LLL d');
}

/** Minutes in the unit that reads best for the largest value of a series. */
export function durationUnit(maxMinutes: number): {
  unit: 'minutes' | 'hours' | 'days';
  perMinute: number;
} {
  if (maxMinutes >= 72 * 60) {
    return { unit: 'days', perMinute: 1 / (24 * 60) };
  }
  if (maxMinutes >= 120) {
    return { unit: 'hours', perMinute: 1 / 60 };
  }
  return { unit: 'minutes', perMinute: 1 };
}

export function roundTo(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
