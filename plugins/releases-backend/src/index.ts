/**
 * The releases backend plugin: ITIL release management for Backstage.
 *
 * @packageDocumentation
 */
export { releasesPlugin as default } from './plugin';
export {
  releaseConditions,
  createReleaseConditionalDecision,
  releasePermissionRules,
  releaseResourceRef,
} from './permissions/rules';
export type { ReleaseQuery } from './permissions/rules';
