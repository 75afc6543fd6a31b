import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Duration } from 'luxon';
import { FreezeWindow, readFreezeWindows } from './calendar/freezeWindows';

export interface EnvironmentConfig {
  name: string;
  order: number;
  gated: boolean;
}

export interface ReleasesConfig {
  environments: EnvironmentConfig[];
  freezeWindows: FreezeWindow[];
  /** How many dependsOn/dependencyOf hops make two releases collide. */
  collisionDependencyDepth: number;
  demoData: boolean;
  /** Closing a release needs a post-implementation review. */
  reviewRequiredToClose: boolean;
  /** How long before an incident a deployment may have caused it. */
  incidentAttributionWindowMs: number;
  /** Static tokens bound to the sources they may report for (and no one else may). */
  reporters: ReporterBinding[];
}

/** `releases.reporters[]`: a token subject and the sources it reports for. */
export interface ReporterBinding {
  subject: string;
  sources: string[];
}

const DEFAULT_ENVIRONMENTS: EnvironmentConfig[] = [
  { name: 'development', order: 0, gated: false },
  { name: 'staging', order: 1, gated: false },
  { name: 'production', order: 2, gated: true },
];

/** The configured environment of that name; a 400 naming `field` otherwise. */
export function requireEnvironment(
  environments: EnvironmentConfig[],
  name: string,
  field = 'environment',
): EnvironmentConfig {
  const environment = environments.find(e => e.name === name);
  if (!environment) {
    throw new InputError(
      `${field}: "${name}" is not a configured environment (${environments
        .map(e => e.name)
        .join(', ')})`,
    );
  }
  return environment;
}

const ENVIRONMENT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Reads and checks `releases.*`; a mistake stops the backend at start-up with
 * a message naming the setting.
 */
export function readReleasesConfig(config: Config): ReleasesConfig {
  const envConfigs = config.getOptionalConfigArray('releases.environments');
  const environments = envConfigs
    ? envConfigs.map((env, index) => {
        const name = env.getString('name');
        if (!ENVIRONMENT_NAME.test(name)) {
          throw new Error(
            `releases.environments[${index}].name: "${name}" must be lower-case letters, digits, "-" or "_"`,
          );
        }
        return {
          name,
          order: env.getOptionalNumber('order') ?? index,
          gated: env.getOptionalBoolean('gated') ?? false,
        };
      })
    : DEFAULT_ENVIRONMENTS;

  const seen = new Set<string>();
  for (const env of environments) {
    if (seen.has(env.name)) {
      throw new Error(
        `releases.environments: "${env.name}" is listed more than once`,
      );
    }
    seen.add(env.name);
  }

  const collisionDependencyDepth =
    config.getOptionalNumber('releases.collisions.dependencyDepth') ?? 1;
  if (
    !Number.isInteger(collisionDependencyDepth) ||
    collisionDependencyDepth < 0 ||
    collisionDependencyDepth > 5
  ) {
    throw new Error(
      'releases.collisions.dependencyDepth: must be a whole number from 0 to 5',
    );
  }

  const window =
    config.getOptionalString('releases.incidents.attributionWindow') ?? 'PT24H';
  const attribution = Duration.fromISO(window);
  if (!attribution.isValid || attribution.toMillis() <= 0) {
    throw new Error(
      `releases.incidents.attributionWindow: "${window}" is not a positive ISO-8601 duration, e.g. PT24H`,
    );
  }

  const reporters = (
    config.getOptionalConfigArray('releases.reporters') ?? []
  ).map((reporter, index) => {
    const subject = reporter.getString('subject');
    const sources = reporter.getStringArray('sources');
    if (sources.length === 0) {
      throw new Error(
        `releases.reporters[${index}].sources: list at least one source`,
      );
    }
    return { subject, sources };
  });

  return {
    reporters,
    reviewRequiredToClose:
      config.getOptionalBoolean('releases.review.requiredToClose') ?? true,
    incidentAttributionWindowMs: attribution.toMillis(),
    environments: [...environments].sort((a, b) => a.order - b.order),
    freezeWindows: readFreezeWindows(
      config,
      environments.map(e => e.name),
    ),
    collisionDependencyDepth,
    demoData: config.getOptionalBoolean('releases.demoData.enabled') ?? false,
  };
}
