export { RuntimeFreezesPanel, describeFreezeTime } from './RuntimeFreezesPanel';
export { StopTheLineDialog } from './StopTheLineDialog';
export { useCanManageFreezes } from './useCanManageFreezes';
export { ActiveFreezeBanner } from './ActiveFreezeBanner';
