import { DateTime } from 'luxon';
import { ScopeOptions } from '../../api/ReleasesApi';
import { BucketSize } from './metricsFormat';

export type RangePreset = '3m' | '6m' | '12m' | 'custom';

export const RANGE_PRESETS: { value: RangePreset; label: string }[] = [
  { value: '3m', label: 'Last 3 months' },
  { value: '6m', label: 'Last 6 months' },
  { value: '12m', label: 'Last 12 months' },
  { value: 'custom', label: 'Custom range' },
];

const PRESET_MONTHS: Record<Exclude<RangePreset, 'custom'>, number> = {
  '3m': 3,
  '6m': 6,
  '12m': 12,
};

export const DEFAULT_RANGE: RangePreset = '6m';
export const DEFAULT_BUCKET: BucketSize = 'month';

/** The backend refuses longer ranges. */
const MAX_RANGE_DAYS = 731;

const DATE_FORMAT = 'yyyy-MM-dd';

/** What the metrics page keeps in its URL, so a view can be shared. */
export interface MetricsParams {
  owner: string;
  system: string;
  /** A single component, as the entity KPI card links to. */
  entityRef: string;
  range: RangePreset;
  /** `yyyy-MM-dd` in the viewer's zone; used by the custom range. */
  from: string;
  to: string;
  bucket: BucketSize;
}

export type MetricsParamKey = keyof MetricsParams;

function dateParam(params: URLSearchParams, key: string): string {
  const value = params.get(key)?.trim() ?? '';
  return DateTime.fromFormat(value, DATE_FORMAT).isValid ? value : '';
}

export function readMetricsParams(params: URLSearchParams): MetricsParams {
  const range = params.get('range') ?? '';
  const bucket = params.get('bucket');
  return {
    owner: params.get('owner')?.trim() ?? '',
    system: params.get('system')?.trim() ?? '',
    entityRef: params.get('entityRef')?.trim() ?? '',
    range: RANGE_PRESETS.some(p => p.value === range)
      ? (range as RangePreset)
      : DEFAULT_RANGE,
    from: dateParam(params, 'from'),
    to: dateParam(params, 'to'),
    bucket: bucket === 'week' || bucket === 'month' ? bucket : DEFAULT_BUCKET,
  };
}

/** The days a preset covers, ending with today, as `yyyy-MM-dd` in the viewer's zone. */
export function presetDates(
  preset: Exclude<RangePreset, 'custom'>,
  today: DateTime = DateTime.local(),
): { from: string; to: string } {
  const to = today.startOf('day');
  return {
    from: to.minus({ months: PRESET_MONTHS[preset] }).toFormat(DATE_FORMAT),
    to: to.toFormat(DATE_FORMAT),
  };
}

export type ResolvedRange =
  | { ok: true; from: string; to: string }
  | { ok: false; problem: string };

/**
 * The instants to ask the backend for: from the start of the first day to the
 * end of the last, in the viewer's zone, as UTC ISO-8601.
 */
export function resolveRange(
  params: Pick<MetricsParams, 'range' | 'from' | 'to'>,
  today: DateTime = DateTime.local(),
): ResolvedRange {
  let dates: { from: string; to: string };
  if (params.range === 'custom') {
    if (!params.from || !params.to) {
      return { ok: false, problem: 'Choose both a From and a To date.' };
    }
    dates = { from: params.from, to: params.to };
  } else {
    dates = presetDates(params.range, today);
  }
  const from = DateTime.fromFormat(dates.from, DATE_FORMAT).startOf('day');
  const to = DateTime.fromFormat(dates.to, DATE_FORMAT)
    .plus({ days: 1 })
    .startOf('day');
  if (to <= from) {
    return {
      ok: false,
      problem: 'The From date must be on or before the To date.',
    };
  }
  if (to.diff(from, 'days').days > MAX_RANGE_DAYS) {
    return { ok: false, problem: 'The range may span at most two years.' };
  }
  return { ok: true, from: from.toUTC().toISO()!, to: to.toUTC().toISO()! };
}

const SCOPE_KEYS = ['entityRef', 'system', 'owner'] as const;

/** The backend takes one of component, system or owner; a hand-edited URL naming more counts the first. */
export function scopeOf(params: MetricsParams): ScopeOptions {
  const key = SCOPE_KEYS.find(k => params[k]);
  return key ? { [key]: params[key] } : {};
}

/** Choosing one scope clears the others. */
export function withScope(
  key: (typeof SCOPE_KEYS)[number],
  value: string,
): Partial<Record<MetricsParamKey, string>> {
  const changes: Partial<Record<MetricsParamKey, string>> = {
    entityRef: '',
    system: '',
    owner: '',
  };
  changes[key] = value;
  return changes;
}

/** The metrics page's query string for a scope, e.g. from an entity's KPI card. */
export function metricsSearch(
  scope: ScopeOptions,
  options: { range?: RangePreset; bucket?: BucketSize } = {},
): string {
  const params = new URLSearchParams();
  if (scope.entityRef) {
    params.set('entityRef', scope.entityRef);
  }
  if (scope.owner) {
    params.set('owner', scope.owner);
  }
  if (scope.system) {
    params.set('system', scope.system);
  }
  if (options.range) {
    params.set('range', options.range);
  }
  if (options.bucket) {
    params.set('bucket', options.bucket);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
