import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  Release,
  ReleaseRisk,
  RiskFactor,
  RiskLevel,
} from '@backstage-itsm/plugin-releases-common';
import { ImpactAnalyzer } from '../catalog/ImpactAnalyzer';
import { FreezeSource } from '../approvals/DeploymentGate';
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

export type RiskInput = Pick<
  Release,
  'type' | 'plannedStart' | 'plannedEnd' | 'components' | 'environments'
> & { createdAt: string };

/**
 * A release's risk score (0–100) with its reasons: its type, how much
 * depends on its components, their recent change failure rate, how close it
 * is planned to a freeze, and how late it was planned.
 */
export class RiskService {
  constructor(
    private readonly settings: RiskSettings,
    private readonly impact: ImpactAnalyzer,
    private readonly reviews: ReviewStore,
    private readonly freezes: FreezeSource,
    private readonly productionEnvironments: string[],
  ) {}

  async assess(
    release: RiskInput,
    credentials: BackstageCredentials,
    now = new Date(),
  ): Promise<ReleaseRisk> {
    const { weights, thresholds } = this.settings;
    const reasons: RiskFactor[] = [];
    reasons.push({
      factor: 'type',
      points: weights[release.type],
      detail: `${release.type} release`,
    });

    const own = new Set(release.components.map(c => c.entityRef));
    const dependents = new Set<string>();
    for (const component of release.components) {
      try {
        const result = await this.impact.analyze(
          component.entityRef,
          2,
          credentials,
        );
        result.dependents
          .filter(
            d => d.entityRef.startsWith('component:') && !own.has(d.entityRef),
          )
          .forEach(d => dependents.add(d.entityRef));
      } catch {
        // A component the catalog no longer knows has no dependents to count.
      }
    }
    reasons.push({
      factor: 'dependents',
      points: Math.min(
        dependents.size * weights.perDependent,
        weights.maxDependents,
      ),
      detail: `${dependents.size} dependent component${
        dependents.size === 1 ? '' : 's'
      } within two hops`,
    });

    const { deployments, failed } = await this.reviews.changeFailures(
      [...own],
      this.productionEnvironments,
      new Date(now.getTime() - 90 * DAY),
    );
    const rate = deployments ? failed / deployments : 0;
    reasons.push({
      factor: 'change_failure_rate',
      points: Math.round(rate * weights.changeFailureRate),
      detail: deployments
        ? `${Math.round(
            rate * 100,
          )}% of ${deployments} production deployments in 90 days had an incident`
        : 'no production deployments in the last 90 days',
    });

    const start = Date.parse(release.plannedStart);
    const end = Date.parse(release.plannedEnd);
    const nearby = this.freezes
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
      reasons.push({
        factor: 'freeze_proximity',
        points: weights.freezeProximity,
        detail: `planned into the freeze "${inside.window}"`,
      });
    } else if (nearby.length > 0) {
      reasons.push({
        factor: 'freeze_proximity',
        points: Math.round(weights.freezeProximity / 2),
        detail: `within two days of the freeze "${nearby[0].window}"`,
      });
    } else {
      reasons.push({
        factor: 'freeze_proximity',
        points: 0,
        detail: 'no freeze within two days',
      });
    }

    const leadDays = (start - Date.parse(release.createdAt)) / DAY;
    let leadPoints = 0;
    if (leadDays < 2) leadPoints = weights.shortLeadTime;
    else if (leadDays < 7) leadPoints = Math.round(weights.shortLeadTime / 2);
    reasons.push({
      factor: 'lead_time',
      points: leadPoints,
      detail: `planned ${Math.max(
        0,
        Math.round(leadDays * 10) / 10,
      )} days ahead`,
    });

    const score = Math.min(
      100,
      reasons.reduce((sum, r) => sum + r.points, 0),
    );
    let level: RiskLevel = 'low';
    if (score >= thresholds.high) level = 'high';
    else if (score >= thresholds.medium) level = 'medium';
    return { score, level, reasons, computedAt: now.toISOString() };
  }
}
