/**
 * Records GitHub deployments in the releases plugin.
 *
 * @packageDocumentation
 */
export { releasesModuleGithub as default } from './module';
export { translateDeploymentStatus } from './translate';
