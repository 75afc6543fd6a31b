import { Config } from '@backstage/config';
import { Duration } from 'luxon';
import { EnvironmentConfig } from '../config';

/** `releases.events`: how events of outside tools map to this plugin's terms. */
export interface EventsConfig {
  /** Other names of configured environments, lower-cased: `prod` → `production`. */
  environmentAliases: Map<string, string>;
  /** Environments whose events are ignored, as patterns where `*` matches anything. */
  ignoredEnvironments: RegExp[];
  /** Where incidents of tools that name no environment happened. */
  incidentEnvironment: string;
  /** How long unmapped events are kept for administrators. */
  unmappedRetentionMs: number;
}

const KEY = 'releases.events';

function pattern(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Reads `releases.events`; a mistake stops the backend at start-up naming the key. */
export function readEventsConfig(
  config: Config,
  environments: EnvironmentConfig[],
): EventsConfig {
  const names = new Map(
    environments.map(e => [e.name.toLocaleLowerCase('en-US'), e.name]),
  );
  const aliases = new Map<string, string>();
  const aliasConfig = config.getOptionalConfig(`${KEY}.environmentAliases`);
  for (const alias of aliasConfig?.keys() ?? []) {
    const target = aliasConfig!.getString(alias);
    if (!names.has(target.toLocaleLowerCase('en-US'))) {
      throw new Error(
        `${KEY}.environmentAliases.${alias}: "${target}" is not a configured environment (${environments
          .map(e => e.name)
          .join(', ')})`,
      );
    }
    aliases.set(
      alias.toLocaleLowerCase('en-US'),
      names.get(target.toLocaleLowerCase('en-US'))!,
    );
  }

  const incidentEnvironment =
    config.getOptionalString(`${KEY}.incidentEnvironment`) ??
    (environments.find(e => e.gated) ?? environments[environments.length - 1])
      ?.name;
  if (
    !incidentEnvironment ||
    !names.has(incidentEnvironment.toLocaleLowerCase('en-US'))
  ) {
    throw new Error(
      `${KEY}.incidentEnvironment: "${incidentEnvironment}" is not a configured environment`,
    );
  }

  const retention =
    config.getOptionalString(`${KEY}.unmappedRetention`) ?? 'P30D';
  const duration = Duration.fromISO(retention);
  if (!duration.isValid || duration.toMillis() <= 0) {
    throw new Error(
      `${KEY}.unmappedRetention: "${retention}" is not a positive ISO-8601 duration, e.g. P30D`,
    );
  }

  return {
    environmentAliases: aliases,
    ignoredEnvironments: (
      config.getOptionalStringArray(`${KEY}.ignoredEnvironments`) ?? []
    ).map(pattern),
    incidentEnvironment: names.get(
      incidentEnvironment.toLocaleLowerCase('en-US'),
    )!,
    unmappedRetentionMs: duration.toMillis(),
  };
}
