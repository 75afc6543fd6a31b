import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import { releasePermissions } from '@backstage-itsm/plugin-releases-common';
import { CatalogLookup } from './catalog/CatalogLookup';
import { readReleasesConfig } from './config';
import { ReleasesDatabase } from './database/ReleasesDatabase';
import { seedDemoData } from './demo/seedDemoData';
import { ReleaseAuthorizer } from './permissions/ReleaseAuthorizer';
import {
  releasePermissionRules,
  releaseResourceRef,
} from './permissions/rules';
import { KnexReleaseStore } from './releases/KnexReleaseStore';
import { ReleaseService } from './releases/ReleaseService';
import { createRouter } from './service/router';

/**
 * The releases backend plugin: release lifecycle, history and permissions.
 *
 * @public
 */
export const releasesPlugin = createBackendPlugin({
  pluginId: 'releases',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        auditor,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const releasesConfig = readReleasesConfig(config);
        const db = await ReleasesDatabase.create({ database });
        const releaseStore = new KnexReleaseStore(db.knex);

        permissionsRegistry.addResourceType({
          resourceRef: releaseResourceRef,
          permissions: releasePermissions.filter(p => isResourcePermission(p)),
          rules: Object.values(releasePermissionRules),
          getResources: ids => releaseStore.getMany(ids),
        });
        permissionsRegistry.addPermissions(
          releasePermissions.filter(p => !isResourcePermission(p)),
        );

        const releaseService = new ReleaseService(
          releaseStore,
          new CatalogLookup(catalog),
          releasesConfig.environments,
        );

        if (releasesConfig.demoData) {
          await seedDemoData({ store: releaseStore, logger });
        }

        httpRouter.use(
          await createRouter({
            config,
            logger,
            httpAuth,
            auditor,
            authorizer: new ReleaseAuthorizer(
              permissions,
              permissionsRegistry.getPermissionRuleset(releaseResourceRef),
            ),
            releaseService,
            releaseStore,
            environments: releasesConfig.environments,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
