import { createBackendModule } from '@backstage/backend-plugin-api';
import { releasesEventSourcesExtensionPoint } from '@backstage-itsm/plugin-releases-node';
import { translateDeploymentHook } from './translate';

/**
 * Records GitLab deployments: every Deployment Hook the events backend
 * receives (and its GitLab module checks and routes to the
 * `gitlab.deployment` topic) lands as a deployment of the component
 * annotated `gitlab.com/project-slug`.
 *
 * @public
 */
export const releasesModuleGitlab = createBackendModule({
  pluginId: 'releases',
  moduleId: 'gitlab',
  register(reg) {
    reg.registerInit({
      deps: { sources: releasesEventSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource({
          id: 'gitlab',
          topics: ['gitlab.deployment'],
          translate: event => translateDeploymentHook(event.eventPayload),
        });
      },
    });
  },
});
