export { ReleaseDetail, ReleaseDetailView } from './ReleaseDetail';
export type {
  ReleaseDetailProps,
  ReleaseDetailViewProps,
} from './ReleaseDetail';
