import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  releasesDeployGateExtensionPoint,
  releasesRiskExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';
import {
  openIncidentCheck,
  openIncidentsRiskFactor,
  readIncidentGuardSettings,
} from './incidentGuard';

/**
 * Guards against deploying into an open incident: a deploy-gate check (no
 * open critical incident on the component where it deploys, unless the
 * release is an emergency) and a risk factor (open incidents on a release's
 * components where it deploys).
 *
 * @public
 */
export const releasesModuleIncidentGuard = createBackendModule({
  pluginId: 'releases',
  moduleId: 'incident-guard',
  register(reg) {
    reg.registerInit({
      deps: {
        gate: releasesDeployGateExtensionPoint,
        risk: releasesRiskExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ gate, risk, config }) {
        const settings = readIncidentGuardSettings(config);
        gate.addCheck(openIncidentCheck(settings));
        risk.addFactor(openIncidentsRiskFactor(settings));
      },
    });
  },
});
