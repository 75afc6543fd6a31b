import { Release } from '@backstage-itsm/plugin-releases-common';
import { ReleasesRecords } from './records';

/**
 * A configured environment.
 *
 * @public
 */
export interface ReleasesEnvironment {
  name: string;
  order: number;
  /** Deploys to it need a release in `deploy` with its approvals. */
  gated: boolean;
}

/**
 * What every check of the deploy gate sees, at the server's time. The
 * built-in checks run first, in order (release in deploy, approvals,
 * freezes), and fill in the release covering the deploy; checks added by
 * modules run after them.
 *
 * @public
 */
export interface DeployCheckContext {
  readonly entityRef: string;
  readonly environment: ReleasesEnvironment;
  readonly version?: string;
  /** Only this release may cover it (a deployment report that names its release). */
  readonly releaseId?: string;
  /** The server's time of the decision. */
  readonly at: Date;
  /** The release covering the deploy, once the built-in checks found one. */
  release?: Release;
  /** Every release a reason may name (the reader's permissions decide how). */
  mentions: Release[];
  /** The plugin's records (incidents, ...), as the plugin sees them. */
  readonly records: ReleasesRecords;
}

/**
 * Names a release in a reason: the reader of the answer may not be allowed
 * to read it, so reasons never put a release's title in themselves.
 *
 * @public
 */
export type ReleaseNamer = (release: Release) => string;

/**
 * A check's finding; its reason is worded once the reader is known.
 *
 * @public
 */
export interface DeployCheckResult {
  /** The check's id. */
  id: string;
  passed: boolean;
  reason(name: ReleaseNamer): string;
}

/**
 * One check of the deploy gate, the one decision whether a deploy may happen
 * now: for pipelines asking `GET /gate` and for every recorded deployment
 * (which it marks authorized or not). A deploy is allowed when every check
 * passes.
 *
 * @public
 */
export interface DeployCheck {
  /** Unique among the gate's checks, e.g. `no-open-critical-incident`. */
  id: string;
  /**
   * Decides about one deploy; undefined when the check does not apply to it
   * (it is then left out of the answer). A check that throws blocks the
   * deploy, with the error as its reason.
   */
  check(context: DeployCheckContext): Promise<DeployCheckResult | undefined>;
}
