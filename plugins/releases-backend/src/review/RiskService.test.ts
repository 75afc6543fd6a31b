import { ConfigReader } from '@backstage/config';
import { FreezeOccurrence } from '@backstage-itsm/plugin-releases-common';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { readRiskSettings, RiskService } from './RiskService';

// Every factor's points and both thresholds, exactly: a weight, a rounding
// or a comparison that moves shows here.

const DAY = 86400000;
const now = new Date('2026-12-01T00:00:00.000Z');

/** A catalog where each component has `dependents[ref]` dependent components. */
function catalogWith(dependents: Record<string, string[]>): CatalogFacts {
  return {
    local: () =>
      ({
        impact: async (entityRef: string) => ({
          entityRef,
          depth: 2,
          dependents: (dependents[entityRef] ?? []).map(ref => ({
            entityRef: ref,
            depth: 1,
            relation: 'dependencyOf',
            via: entityRef,
            path: [ref],
          })),
        }),
      } as any),
  } as CatalogFacts;
}

function service(options: {
  dependents?: Record<string, string[]>;
  failures?: { deployments: number; failed: number };
  freezes?: FreezeOccurrence[];
  config?: object;
}) {
  return new RiskService({
    settings: readRiskSettings(new ConfigReader(options.config ?? {})),
    catalogFacts: catalogWith(options.dependents ?? {}),
    reviews: {
      changeFailures: async () =>
        options.failures ?? { deployments: 0, failed: 0 },
    },
    freezes: {
      occurrences: (from: Date, to: Date) =>
        (options.freezes ?? []).filter(
          o =>
            Date.parse(o.start) < to.getTime() &&
            Date.parse(o.end) > from.getTime(),
        ),
    },
    productionEnvironments: ['production'],
    records: { incidents: async () => [] },
    clock: () => now,
  });
}

const release = (overrides: object = {}) => ({
  type: 'minor' as const,
  plannedStart: new Date(now.getTime() + 10 * DAY).toISOString(),
  plannedEnd: new Date(now.getTime() + 11 * DAY).toISOString(),
  components: [{ entityRef: 'component:default/payments-api' }],
  environments: ['production'],
  createdAt: now.toISOString(),
  ...overrides,
});

const freeze = (startDays: number, endDays: number): FreezeOccurrence => ({
  window: 'Year-end',
  kind: 'freeze',
  start: new Date(now.getTime() + startDays * DAY).toISOString(),
  end: new Date(now.getTime() + endDays * DAY).toISOString(),
  timezone: 'UTC',
  environments: ['production'],
  allow: [],
});

const points = (risk: { reasons: Array<{ factor: string; points: number }> }) =>
  Object.fromEntries(risk.reasons.map(r => [r.factor, r.points]));

describe('RiskService', () => {
  it('scores each factor by its weight', async () => {
    const risk = await service({
      dependents: {
        'component:default/payments-api': [
          'component:default/a',
          'component:default/b',
          'component:default/c',
          'system:default/payments',
        ],
      },
      failures: { deployments: 8, failed: 2 },
      freezes: [freeze(10.5, 12)],
    }).assess(release({ type: 'major' }));
    expect(points(risk)).toEqual({
      type: 30,
      dependents: 12, // 3 components × 4 (systems do not count)
      change_failure_rate: 6, // round(25% × 25)
      freeze_proximity: 15, // planned into it
      lead_time: 0, // ten days ahead
    });
    expect(risk.score).toBe(63);
    expect(risk.level).toBe('high');
  });

  it('caps dependents, counts a nearby freeze half, and short lead times by their length', async () => {
    const many = Array.from(
      { length: 10 },
      (_, i) => `component:default/d${i}`,
    );
    const risk = await service({
      dependents: { 'component:default/payments-api': many },
      freezes: [freeze(12, 13)],
    }).assess(
      release({
        plannedStart: new Date(now.getTime() + 3 * DAY).toISOString(),
        plannedEnd: new Date(now.getTime() + 11 * DAY).toISOString(),
      }),
    );
    expect(points(risk)).toEqual({
      type: 10,
      dependents: 25, // 10 × 4 capped at 25
      change_failure_rate: 0,
      freeze_proximity: 8, // round(15 / 2): within two days of it
      lead_time: 8, // round(15 / 2): planned 3 days ahead
    });
    const rushed = await service({}).assess(
      release({ plannedStart: new Date(now.getTime() + DAY).toISOString() }),
    );
    expect(points(rushed).lead_time).toBe(15);
  });

  it.each([
    [34, 'low'],
    [35, 'medium'],
    [59, 'medium'],
    [60, 'high'],
  ] as const)(
    'maps a score of %i to %s (thresholds are inclusive)',
    async (score, level) => {
      // The type weight alone makes the score.
      const risk = await service({
        config: { releases: { risk: { weights: { minor: score } } } },
      }).assess(release());
      expect(risk.score).toBe(score);
      expect(risk.level).toBe(level);
    },
  );

  it('never scores above 100', async () => {
    const risk = await service({
      config: { releases: { risk: { weights: { minor: 100 } } } },
      failures: { deployments: 1, failed: 1 },
    }).assess(release());
    expect(risk.score).toBe(100);
  });

  it('refuses weights and thresholds that make no sense, naming the key', () => {
    expect(() =>
      readRiskSettings(
        new ConfigReader({ releases: { risk: { weights: { major: 101 } } } }),
      ),
    ).toThrow('releases.risk.weights.major: must be between 0 and 100');
    expect(() =>
      readRiskSettings(
        new ConfigReader({
          releases: { risk: { thresholds: { medium: 60, high: 60 } } },
        }),
      ),
    ).toThrow('releases.risk.thresholds: medium must be below high');
  });
});
