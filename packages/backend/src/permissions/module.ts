import { createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ReleasesExamplePolicy } from './ReleasesExamplePolicy';

/** Installs {@link ReleasesExamplePolicy} as the portal's permission policy. */
export const releasesExamplePolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'releases-example-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ReleasesExamplePolicy());
      },
    });
  },
});
