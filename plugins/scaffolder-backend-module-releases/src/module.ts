import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createReleaseAction } from './actions/createRelease';

/**
 * Adds the `releases:create` action to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleReleases = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'releases',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(createReleaseAction({ discovery, auth }));
      },
    });
  },
});
