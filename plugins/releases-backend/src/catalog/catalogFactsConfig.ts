import { Config } from '@backstage/config';
import { Duration } from 'luxon';

const KEY = 'releases.catalog.refreshInterval';
const DEFAULT_INTERVAL = 'PT30S';
/** Below this a sync of a large catalog could not finish before the next one is due. */
const MIN_INTERVAL_MS = 5_000;
/** The facts are at most about two intervals old; beyond an hour they stop being facts. */
const MAX_INTERVAL_MS = 3_600_000;

export interface CatalogFactsConfig {
  refreshIntervalMs: number;
}

/** Reads `releases.catalog.*`; a mistake stops the backend at start-up naming the key. */
export function readCatalogFactsConfig(config: Config): CatalogFactsConfig {
  const raw = config.getOptionalString(KEY) ?? DEFAULT_INTERVAL;
  const duration = Duration.fromISO(raw);
  const ms = duration.isValid ? duration.as('milliseconds') : NaN;
  if (!(ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS)) {
    throw new Error(
      `${KEY}: "${raw}" must be an ISO-8601 duration from PT5S to PT1H, e.g. ${DEFAULT_INTERVAL}`,
    );
  }
  return { refreshIntervalMs: ms };
}
