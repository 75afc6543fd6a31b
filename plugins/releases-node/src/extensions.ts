import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ReleasesEventSource } from './events';
import { DeployCheck } from './gate';
import { ReleaseNotifier } from './notifiers';
import { ReleaseRiskFactor } from './risk';

/**
 * Adds notifiers: every notice about a release goes to each of them, with
 * the recipients the permission policy lets read the release.
 *
 * @public
 */
export interface ReleasesNotifiersExtensionPoint {
  addNotifier(...notifiers: Array<ReleaseNotifier | ReleaseNotifier[]>): void;
}

/** @public */
export const releasesNotifiersExtensionPoint =
  createExtensionPoint<ReleasesNotifiersExtensionPoint>({
    id: 'releases.notifiers',
  });

/**
 * Adds checks to the deploy gate, after the built-in ones.
 *
 * @public
 */
export interface ReleasesDeployGateExtensionPoint {
  addCheck(...checks: Array<DeployCheck | DeployCheck[]>): void;
}

/** @public */
export const releasesDeployGateExtensionPoint =
  createExtensionPoint<ReleasesDeployGateExtensionPoint>({
    id: 'releases.deploy-gate',
  });

/**
 * Adds factors to the risk score, after the built-in ones.
 *
 * @public
 */
export interface ReleasesRiskExtensionPoint {
  addFactor(...factors: Array<ReleaseRiskFactor | ReleaseRiskFactor[]>): void;
}

/** @public */
export const releasesRiskExtensionPoint =
  createExtensionPoint<ReleasesRiskExtensionPoint>({
    id: 'releases.risk',
  });

/**
 * Adds sources of deployment and incident events.
 *
 * @public
 */
export interface ReleasesEventSourcesExtensionPoint {
  addSource(
    ...sources: Array<ReleasesEventSource | ReleasesEventSource[]>
  ): void;
}

/** @public */
export const releasesEventSourcesExtensionPoint =
  createExtensionPoint<ReleasesEventSourcesExtensionPoint>({
    id: 'releases.event-sources',
  });
