/**
 * Records GitLab deployments in the releases plugin.
 *
 * @packageDocumentation
 */
export { releasesModuleGitlab as default } from './module';
export { translateDeploymentHook } from './translate';
