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

  return backend;
}
