export { MetricsPage } from './MetricsPage';
export { EntityReleaseKpiCard } from './EntityReleaseKpiCard';
