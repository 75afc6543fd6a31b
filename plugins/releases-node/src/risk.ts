import { Release, RiskFactor } from '@backstage-itsm/plugin-releases-common';
import { ReleasesRecords } from './records';

/**
 * The parts of a release its risk depends on.
 *
 * @public
 */
export type RiskInput = Pick<
  Release,
  'type' | 'plannedStart' | 'plannedEnd' | 'components' | 'environments'
> & { createdAt: string };

/**
 * What a risk factor sees.
 *
 * @public
 */
export interface RiskFactorContext {
  release: RiskInput;
  /** The server's time of the assessment. */
  now: Date;
  /** The plugin's records, as the plugin sees them. */
  records: ReleasesRecords;
}

/**
 * One factor of a release's risk score: the score is the sum of every
 * factor's points, capped at 100, and its level follows the configured
 * thresholds. The built-in factors (type, dependents, change failure rate,
 * freeze proximity, lead time) are entries of the same list.
 *
 * @public
 */
export interface ReleaseRiskFactor {
  /** Unique among the factors; the `factor` of what it answers. */
  id: string;
  assess(context: RiskFactorContext): Promise<RiskFactor>;
}
