/*
 * The portal's backend (new backend system): catalog with the demo catalog,
 * guest auth for local use, the permission framework and the releases plugin.
 */
import { createBackend } from '@backstage/backend-defaults';

/**
 * Builds the portal's backend with all of its features, not yet started.
 * `index.ts` starts it as is; tests may add test-only modules first.
 */
export function createPortalBackend() {
  const backend = createBackend();

  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

  backend.add(import('@backstage/plugin-catalog-backend'));

  backend.add(import('@backstage/plugin-permission-backend'));
  // Allows everything. Replace this module with your own policy, see README.md
  // ("Permissions").
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );

  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));

  backend.add(import('@backstage-itsm/plugin-releases-backend'));
  // Notices about releases go out through Backstage notifications.
  backend.add(
    import('@backstage-itsm/plugin-releases-backend-module-notifications'),
  );
  // No deploy into an open critical incident (emergencies aside); open
  // incidents count in a release's risk.
  backend.add(
    import('@backstage-itsm/plugin-releases-backend-module-incident-guard'),
  );

  // Deployments and incidents from the tools that make them, through the
  // events backend's HTTP ingress (/api/events/http/<topic>): each tool's
  // webhook is checked (signature or token from app-config.yaml) before its
  // events reach the releases plugin. See README.md ("Deployments and
  // incidents from your tools").
  backend.add(import('@backstage/plugin-events-backend'));
  backend.add(import('@backstage/plugin-events-backend-module-github'));
  backend.add(import('@backstage/plugin-events-backend-module-gitlab'));
  backend.add(import('@backstage-itsm/plugin-releases-backend-module-github'));
  backend.add(import('@backstage-itsm/plugin-releases-backend-module-gitlab'));
  backend.add(import('@backstage-itsm/plugin-releases-backend-module-argocd'));
  backend.add(
    import('@backstage-itsm/plugin-releases-backend-module-cdevents'),
  );
  backend.add(
    import('@backstage-itsm/plugin-releases-backend-module-alertmanager'),
  );
  backend.add(
    import('@backstage-itsm/plugin-releases-backend-module-pagerduty'),
  );

  // The actions of every plugin listed in backend.actions.pluginSources
  // (the releases plugin's among them) as MCP tools for AI agents, at
  // /api/mcp-actions/v1, acting as the caller.
  backend.add(import('@backstage/plugin-mcp-actions-backend'));

  return backend;
}
