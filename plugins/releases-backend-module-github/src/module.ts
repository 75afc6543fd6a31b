import { createBackendModule } from '@backstage/backend-plugin-api';
import { releasesEventSourcesExtensionPoint } from '@backstage-itsm/plugin-releases-node';
import { translateDeploymentStatus } from './translate';

/**
 * Records GitHub deployments: every `deployment_status` webhook the events
 * backend receives (and its GitHub module verifies and routes to the
 * `github.deployment_status` topic) lands as a deployment of the component
 * annotated `github.com/project-slug`.
 *
 * @public
 */
export const releasesModuleGithub = createBackendModule({
  pluginId: 'releases',
  moduleId: 'github',
  register(reg) {
    reg.registerInit({
      deps: { sources: releasesEventSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource({
          id: 'github',
          topics: ['github.deployment_status'],
          translate: event => translateDeploymentStatus(event.eventPayload),
        });
      },
    });
  },
});
