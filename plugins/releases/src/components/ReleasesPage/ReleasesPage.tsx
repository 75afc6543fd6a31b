import { Route, Routes } from 'react-router-dom';
import { ReleaseDetailPage } from './ReleaseDetailPage';
import { ReleasesListPage } from './ReleasesListPage';

/** `/` lists all releases; `/:releaseId` shows one. */
export function ReleasesPage() {
  return (
    <Routes>
      <Route path="/" element={<ReleasesListPage />} />
      <Route path="/:releaseId" element={<ReleaseDetailPage />} />
    </Routes>
  );
}
