export { ReleaseDialog } from './ReleaseDialog';
export type { ReleaseDialogProps } from './ReleaseDialog';
export type { ReleaseFormValues } from './releaseForm';
