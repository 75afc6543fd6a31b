import { Config } from '@backstage/config';
import {
  Release,
  RELEASE_TYPES,
  ReleaseType,
  RISK_LEVELS,
  RiskLevel,
} from '@backstage-itsm/plugin-releases-common';

/** One `releases.rollbackPlans.requiredWhen` entry: every given key must match. */
export interface RollbackPlanRule {
  types?: ReleaseType[];
  riskLevels?: RiskLevel[];
  environments?: string[];
}

/** Reads `releases.rollbackPlans.requiredWhen`; a mistake stops the backend at start-up naming the key. */
export function readRollbackPlanRules(
  config: Config,
  environmentNames: string[],
): RollbackPlanRule[] {
  const entries =
    config.getOptionalConfigArray('releases.rollbackPlans.requiredWhen') ?? [];
  return entries.map((entry, index) => {
    const label = `releases.rollbackPlans.requiredWhen[${index}]`;
    for (const key of entry.keys()) {
      if (!['types', 'riskLevels', 'environments'].includes(key)) {
        throw new Error(
          `${label}.${key}: is not a condition; use types, riskLevels, environments`,
        );
      }
    }
    const listOf = <T extends string>(
      key: string,
      allowed: readonly string[],
      what: string,
    ): T[] | undefined => {
      const values = entry.getOptionalStringArray(key);
      for (const value of values ?? []) {
        if (!allowed.includes(value)) {
          throw new Error(
            `${label}.${key}: "${value}" is not ${what} (${allowed.join(
              ', ',
            )})`,
          );
        }
      }
      return values as T[] | undefined;
    };
    const rule: RollbackPlanRule = {
      types: listOf<ReleaseType>('types', RELEASE_TYPES, 'a release type'),
      riskLevels: listOf<RiskLevel>('riskLevels', RISK_LEVELS, 'a risk level'),
      environments: listOf<string>(
        'environments',
        environmentNames,
        'a configured environment',
      ),
    };
    return Object.fromEntries(
      Object.entries(rule).filter(([, v]) => v !== undefined),
    ) as RollbackPlanRule;
  });
}

/**
 * Why the release must carry a rollback plan before deploy, as it is now;
 * undefined when no rule asks for one.
 */
export function rollbackPlanRequirement(
  release: Pick<Release, 'type' | 'risk' | 'environments'>,
  rules: RollbackPlanRule[],
): string | undefined {
  for (const rule of rules) {
    if (rule.types && !rule.types.includes(release.type)) continue;
    if (
      rule.riskLevels &&
      !(release.risk && rule.riskLevels.includes(release.risk.level))
    )
      continue;
    const environments = rule.environments
      ? release.environments.filter(e => rule.environments!.includes(e))
      : release.environments;
    if (rule.environments && environments.length === 0) continue;
    const parts = [
      rule.types ? `${release.type} releases` : 'releases',
      rule.riskLevels && release.risk ? `of ${release.risk.level} risk` : '',
      rule.environments ? `to ${environments.join(', ')}` : '',
    ].filter(Boolean);
    return parts.join(' ');
  }
  return undefined;
}
