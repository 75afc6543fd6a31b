/**
 * A deploy-gate check and a risk factor of open incidents for the releases
 * plugin.
 *
 * @packageDocumentation
 */
export { releasesModuleIncidentGuard as default } from './module';
export {
  openIncidentCheck,
  openIncidentsRiskFactor,
  readIncidentGuardSettings,
} from './incidentGuard';
export type { IncidentGuardSettings } from './incidentGuard';
