export { ReleaseDetail } from './ReleaseDetail';
export type { ReleaseDetailProps } from './ReleaseDetail';
