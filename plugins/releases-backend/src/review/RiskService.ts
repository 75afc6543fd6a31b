import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ReleaseRisk,
  RiskFactor,
  RiskLevel,
} from '@backstage-itsm/plugin-releases-common';
import {
  ReleaseRiskFactor,
  ReleasesRecords,
  RiskInput,
} from '@backstage-itsm/plugin-releases-node';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { FreezeSource } from '../governance/DeployGate';
import { RiskAssessor } from '../releases/ReleaseService';
import { ReviewStore } from './ReviewStore';

export interface RiskSettings {
  weights: {
    major: number;
    minor: number;
    emergency: number;
    perDependent: number;
    maxDependents: number;
    changeFailureRate: number;
    freezeProximity: number;
    shortLeadTime: number;
  };
  thresholds: { medium: number; high: number };
}

const DEFAULTS: RiskSettings = {
  weights: {
    major: 30,
    minor: 10,
    emergency: 35,
    perDependent: 4,
    maxDependents: 25,
    changeFailureRate: 25,
    freezeProximity: 15,
    shortLeadTime: 15,
  },
  thresholds: { medium: 35, high: 60 },
};

/** Reads `releases.risk`; every weight and threshold has a default. */
export function readRiskSettings(config: Config): RiskSettings {
  const weights = { ...DEFAULTS.weights };
  for (const key of Object.keys(weights) as Array<
    keyof RiskSettings['weights']
  >) {
    const value = config.getOptionalNumber(`releases.risk.weights.${key}`);
    if (value !== undefined) {
      if (value < 0 || value > 100) {
        throw new Error(
          `releases.risk.weights.${key}: must be between 0 and 100`,
        );
      }
      weights[key] = value;
    }
  }
  const thresholds = {
    medium:
      config.getOptionalNumber('releases.risk.thresholds.medium') ??
      DEFAULTS.thresholds.medium,
    high:
      config.getOptionalNumber('releases.risk.thresholds.high') ??
      DEFAULTS.thresholds.high,
  };
  if (thresholds.medium >= thresholds.high) {
    throw new Error('releases.risk.thresholds: medium must be below high');
  }
  return { weights, thresholds };
}

const DAY = 86400000;

interface BuiltInFactorOptions {
  settings: RiskSettings;
  /** Dependents are a fact of the catalog, the same whoever plans: the plugin's own view. */
  catalogFacts: CatalogFacts;
  reviews: Pick<ReviewStore, 'changeFailures'>;
  freezes: FreezeSource;
  productionEnvironments: string[];
}

/**
 * The built-in factors, in the order their reasons are listed: the release's
 * type, how much depends on its components, their recent change failure
 * rate, how close it is planned to a freeze, and how late it was planned.
 */
export function builtInRiskFactors(
  options: BuiltInFactorOptions,
): ReleaseRiskFactor[] {
  const { weights } = options.settings;
  return [
    {
      id: 'type',
      assess: async ({ release }) => ({
        factor: 'type',
        points: weights[release.type],
        detail: `${release.type} release`,
      }),
    },
    {
      id: 'dependents',
      assess: async ({ release }) => {
        const own = new Set(release.components.map(c => c.entityRef));
        const dependents = new Set<string>();
        for (const component of release.components) {
          try {
            const result = await options.catalogFacts
              .local()
              .impact(component.entityRef, 2);
            result.dependents
              .filter(
                d =>
                  d.entityRef.startsWith('component:') && !own.has(d.entityRef),
              )
              .forEach(d => dependents.add(d.entityRef));
          } catch {
            // A component the catalog no longer knows has no dependents to count.
          }
        }
        return {
          factor: 'dependents',
          points: Math.min(
            dependents.size * weights.perDependent,
            weights.maxDependents,
          ),
          detail: `${dependents.size} dependent component${
            dependents.size === 1 ? '' : 's'
          } within two hops`,
        };
      },
    },
    {
      id: 'change_failure_rate',
      assess: async ({ release, now }) => {
        const { deployments, failed } = await options.reviews.changeFailures(
          [...new Set(release.components.map(c => c.entityRef))],
          options.productionEnvironments,
          new Date(now.getTime() - 90 * DAY),
        );
        const rate = deployments ? failed / deployments : 0;
        return {
          factor: 'change_failure_rate',
          points: Math.round(rate * weights.changeFailureRate),
          detail: deployments
            ? `${Math.round(
                rate * 100,
              )}% of ${deployments} production deployments in 90 days had an incident`
            : 'no production deployments in the last 90 days',
        };
      },
    },
    {
      id: 'freeze_proximity',
      assess: async ({ release }) => {
        const start = Date.parse(release.plannedStart);
        const end = Date.parse(release.plannedEnd);
        const nearby = options.freezes
          .occurrences(new Date(start - 2 * DAY), new Date(end + 2 * DAY))
          .filter(
            o =>
              o.kind === 'freeze' &&
              o.environments.some(e => release.environments.includes(e)),
          );
        const inside = nearby.find(
          o => Date.parse(o.start) < end && Date.parse(o.end) > start,
        );
        if (inside) {
          return {
            factor: 'freeze_proximity',
            points: weights.freezeProximity,
            detail: `planned into the freeze "${inside.window}"`,
          };
        }
        if (nearby.length > 0) {
          return {
            factor: 'freeze_proximity',
            points: Math.round(weights.freezeProximity / 2),
            detail: `within two days of the freeze "${nearby[0].window}"`,
          };
        }
        return {
          factor: 'freeze_proximity',
          points: 0,
          detail: 'no freeze within two days',
        };
      },
    },
    {
      id: 'lead_time',
      assess: async ({ release }) => {
        const leadDays =
          (Date.parse(release.plannedStart) - Date.parse(release.createdAt)) /
          DAY;
        let points = 0;
        if (leadDays < 2) points = weights.shortLeadTime;
        else if (leadDays < 7) points = Math.round(weights.shortLeadTime / 2);
        return {
          factor: 'lead_time',
          points,
          detail: `planned ${Math.max(
            0,
            Math.round(leadDays * 10) / 10,
          )} days ahead`,
        };
      },
    },
  ];
}

/**
 * A release's risk score (0–100) with its reasons: the sum of its factors'
 * points — the built-in ones and any a module added — capped at 100.
 */
export class RiskService implements RiskAssessor {
  private readonly factors: ReleaseRiskFactor[];

  constructor(
    private readonly options: BuiltInFactorOptions & {
      /** What factors may read about incidents and the like. */
      records: ReleasesRecords;
      /** Factors added by modules, after the built-in ones. */
      factors?: ReleaseRiskFactor[];
      logger?: LoggerService;
      clock?: () => Date;
    },
  ) {
    this.factors = [...builtInRiskFactors(options), ...(options.factors ?? [])];
  }

  async assess(release: RiskInput): Promise<ReleaseRisk> {
    const now = this.options.clock?.() ?? new Date();
    const { thresholds } = this.options.settings;
    const reasons: RiskFactor[] = [];
    for (const factor of this.factors) {
      try {
        reasons.push(
          await factor.assess({ release, now, records: this.options.records }),
        );
      } catch (error) {
        // A factor that fails counts nothing, and says so among the reasons.
        this.options.logger?.warn(
          `Risk factor ${factor.id} could not assess a release: ${error}`,
        );
        reasons.push({
          factor: factor.id,
          points: 0,
          detail: 'could not be assessed',
        });
      }
    }
    const score = Math.min(
      100,
      reasons.reduce((sum, r) => sum + Math.max(0, r.points), 0),
    );
    let level: RiskLevel = 'low';
    if (score >= thresholds.high) level = 'high';
    else if (score >= thresholds.medium) level = 'medium';
    return { score, level, reasons, computedAt: now.toISOString() };
  }
}
