import { Config } from '@backstage/config';
import {
  INCIDENT_SEVERITIES,
  IncidentSeverity,
} from '@backstage-itsm/plugin-releases-common';
import {
  DeployCheck,
  ReleaseRiskFactor,
} from '@backstage-itsm/plugin-releases-node';

/**
 * `releases.incidentGuard`.
 *
 * @public
 */
export interface IncidentGuardSettings {
  severities: IncidentSeverity[];
  pointsPerIncident: number;
  maxPoints: number;
}

/**
 * Reads `releases.incidentGuard`; a mistake stops the start-up naming the key.
 *
 * @public
 */
export function readIncidentGuardSettings(
  config: Config,
): IncidentGuardSettings {
  const key = 'releases.incidentGuard';
  const severities = config.getOptionalStringArray(`${key}.severities`) ?? [
    'critical',
  ];
  for (const severity of severities) {
    if (!(INCIDENT_SEVERITIES as readonly string[]).includes(severity)) {
      throw new Error(
        `${key}.severities: "${severity}" must be one of ${INCIDENT_SEVERITIES.join(
          ', ',
        )}`,
      );
    }
  }
  const points = (name: string, fallback: number) => {
    const value = config.getOptionalNumber(`${key}.risk.${name}`) ?? fallback;
    if (!(value >= 0 && value <= 100)) {
      throw new Error(`${key}.risk.${name}: must be between 0 and 100`);
    }
    return value;
  };
  return {
    severities: severities as IncidentSeverity[],
    pointsPerIncident: points('pointsPerIncident', 10),
    maxPoints: points('maxPoints', 20),
  };
}

/**
 * A deploy-gate check: no open incident of the configured severities on the
 * component in the environment it deploys to. An emergency release may
 * deploy anyway: a fix is what an incident needs.
 *
 * @public
 */
export function openIncidentCheck(
  settings: IncidentGuardSettings,
): DeployCheck {
  const id = 'no-open-incident';
  const named = settings.severities.join(' or ');
  return {
    id,
    async check(context) {
      // Only the severities it guards: a page of others could hide them.
      const open = await context.records.incidents({
        entityRefs: [context.entityRef],
        environment: context.environment.name,
        open: true,
        severities: settings.severities,
        limit: 100,
      });
      if (open.length === 0) {
        return {
          id,
          passed: true,
          reason: () =>
            `no open ${named} incident on ${context.entityRef} in ${context.environment.name}`,
        };
      }
      const [latest] = open;
      const which = `${open.length} open ${named} incident${
        open.length === 1 ? '' : 's'
      } on ${context.entityRef} in ${context.environment.name} (latest: "${
        latest.title
      }", opened ${latest.openedAt})`;
      if (context.release?.type === 'emergency') {
        return {
          id,
          passed: true,
          reason: name =>
            `${which}; ${name(
              context.release!,
            )} is an emergency release, which may deploy`,
        };
      }
      return {
        id,
        passed: false,
        reason: () =>
          `${which}; only an emergency release may deploy until it is resolved`,
      };
    },
  };
}

/** Open incidents counted per environment for the risk factor. */
const COUNTED_INCIDENTS = 100;

/**
 * A risk factor: open incidents on the release's components in its environments.
 *
 * @public
 */
export function openIncidentsRiskFactor(
  settings: IncidentGuardSettings,
): ReleaseRiskFactor {
  return {
    id: 'open_incidents',
    async assess({ release, records }) {
      const entityRefs = [...new Set(release.components.map(c => c.entityRef))];
      const perEnvironment = await Promise.all(
        release.environments.map(environment =>
          records.incidents({
            entityRefs,
            environment,
            open: true,
            limit: COUNTED_INCIDENTS,
          }),
        ),
      );
      const open = perEnvironment.flat();
      // Points are capped long before; the sentence must not undercount.
      const atLeast = perEnvironment.some(
        found => found.length >= COUNTED_INCIDENTS,
      )
        ? 'at least '
        : '';
      return {
        factor: 'open_incidents',
        label: 'Open incidents',
        points: Math.min(
          open.length * settings.pointsPerIncident,
          settings.maxPoints,
        ),
        detail:
          open.length === 0
            ? 'no open incident on its components where it deploys'
            : `${atLeast}${open.length} open incident${
                open.length === 1 ? '' : 's'
              } on its components where it deploys`,
      };
    },
  };
}
