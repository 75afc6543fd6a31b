export { EntityVersionsContent } from './EntityVersionsContent';
export { isVersionsAvailable } from './conditions';
export { VersionsMatrixCard } from './VersionsMatrixCard';
export type { VersionsMatrixCardProps } from './VersionsMatrixCard';
export { DeploymentHistory } from './DeploymentHistory';
export type { DeploymentHistoryProps } from './DeploymentHistory';
export { ExportButtons } from './ExportButtons';
export { UnauthorizedBadge } from './VersionCellView';
