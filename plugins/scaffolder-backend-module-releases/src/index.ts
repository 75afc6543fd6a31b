/**
 * The scaffolder's `releases:create` action: software templates open a
 * release, standard or not, through the releases API.
 *
 * @packageDocumentation
 */
export { scaffolderModuleReleases as default } from './module';
export {
  createReleaseAction,
  RELEASES_CREATE_ACTION_ID,
} from './actions/createRelease';
