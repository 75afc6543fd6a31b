import { DateTime, Settings } from 'luxon';
import {
  bucketLabel,
  formatHours,
  formatMinutes,
  formatRate,
  perBucket,
} from './metricsFormat';
import {
  metricsSearch,
  readMetricsParams,
  resolveRange,
} from './metricsParams';

const originalZone = Settings.defaultZone;

beforeAll(() => {
  Settings.defaultZone = 'America/New_York';
});

afterAll(() => {
  Settings.defaultZone = originalZone;
});

describe('metrics formatting', () => {
  it('shows "—" for what cannot be computed, never NaN', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
    expect(formatMinutes(null)).toBe('—');
    expect(formatHours(Number.POSITIVE_INFINITY)).toBe('—');
    expect(perBucket(5, 0)).toBe('—');
  });

  it('reads rates as percentages and durations in the unit that fits', () => {
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(0.125)).toBe('12.5%');
    expect(formatMinutes(42.4)).toBe('42 min');
    expect(formatMinutes(90)).toBe('1.5 h');
    expect(formatMinutes(3 * 24 * 60)).toBe('3 d');
    expect(formatHours(36)).toBe('36 h');
  });

  it('names buckets by their UTC calendar period, wherever the viewer is', () => {
    expect(bucketLabel({ start: '2026-09-01T00:00:00.000Z' }, 'month')).toBe(
      'Sep 2026',
    );
    expect(bucketLabel({ start: '2026-09-07T00:00:00.000Z' }, 'week')).toBe(
      'Sep 7',
    );
  });
});

describe('metrics URL', () => {
  it('falls back to six months by month for unknown values', () => {
    expect(
      readMetricsParams(
        new URLSearchParams('range=5y&bucket=day&from=nonsense'),
      ),
    ).toEqual({
      owner: '',
      system: '',
      entityRef: '',
      range: '6m',
      from: '',
      to: '',
      bucket: 'month',
    });
  });

  it('turns days in the viewer zone into UTC instants, last day included', () => {
    expect(
      resolveRange({ range: 'custom', from: '2026-01-01', to: '2026-01-31' }),
    ).toEqual({
      ok: true,
      from: '2026-01-01T05:00:00.000Z',
      to: '2026-02-01T05:00:00.000Z',
    });
    expect(
      resolveRange(
        { range: '3m', from: '', to: '' },
        DateTime.fromISO('2026-06-10T15:00:00', { zone: 'America/New_York' }),
      ),
    ).toEqual({
      ok: true,
      from: '2026-03-10T04:00:00.000Z',
      to: '2026-06-11T04:00:00.000Z',
    });
  });

  it('refuses incomplete, reversed and over-long custom ranges', () => {
    expect(
      resolveRange({ range: 'custom', from: '2026-01-01', to: '' }),
    ).toEqual({
      ok: false,
      problem: 'Choose both a From and a To date.',
    });
    expect(
      resolveRange({ range: 'custom', from: '2026-02-01', to: '2026-01-01' }),
    ).toEqual({
      ok: false,
      problem: 'The From date must be on or before the To date.',
    });
    expect(
      resolveRange({ range: 'custom', from: '2024-01-01', to: '2026-06-01' }),
    ).toEqual({ ok: false, problem: 'The range may span at most two years.' });
  });

  it('links to the metrics of a scope', () => {
    expect(
      metricsSearch({ system: 'system:default/payments' }, { range: '3m' }),
    ).toBe('?system=system%3Adefault%2Fpayments&range=3m');
    expect(metricsSearch({})).toBe('');
  });
});
