import { Route, Routes } from 'react-router-dom';
import { ApprovalsPage } from '../Approvals';
import { ReleaseCalendarPage } from '../Calendar';
import { ConfigurationAuditPage } from '../ConfigurationAudit';
import { MetricsPage } from '../Metrics';
import { PoliciesPage } from '../Policies';
import { ReleaseDetailPage } from './ReleaseDetailPage';
import { ReleasesListPage } from './ReleasesListPage';

/** `/` lists all releases; `/:releaseId` shows one. */
export function ReleasesPage() {
  return (
    <Routes>
      <Route path="/" element={<ReleasesListPage />} />
      <Route path="/calendar" element={<ReleaseCalendarPage />} />
      <Route path="/approvals" element={<ApprovalsPage />} />
      <Route path="/policies" element={<PoliciesPage />} />
      <Route path="/audit" element={<ConfigurationAuditPage />} />
      <Route path="/metrics" element={<MetricsPage />} />
      <Route path="/:releaseId" element={<ReleaseDetailPage />} />
    </Routes>
  );
}
