import { Route, Routes } from 'react-router-dom';
import { ApprovalsPage } from '../Approvals';
import { CabMeetingPage, CabPage } from '../Cab';
import { ReleaseCalendarPage } from '../Calendar';
import { ConfigurationAuditPage } from '../ConfigurationAudit';
import { MetricsPage } from '../Metrics';
import { PoliciesPage } from '../Policies';
import { MyWorkPage } from '../ReleasePlan';
import {
  approvalsRouteRef,
  auditRouteRef,
  cabMeetingRouteRef,
  cabRouteRef,
  calendarRouteRef,
  metricsRouteRef,
  myWorkRouteRef,
  policiesRouteRef,
  releaseRouteRef,
} from '../../routes';
import { ReleaseDetailPage } from './ReleaseDetailPage';
import { ReleasesListPage } from './ReleasesListPage';

/**
 * Everything under `/releases`: the list, each page's own route (paths come
 * from the route refs, so links and routes cannot drift apart) and one page
 * per release.
 */
export function ReleasesPage() {
  return (
    <Routes>
      <Route path="/" element={<ReleasesListPage />} />
      <Route path={calendarRouteRef.path} element={<ReleaseCalendarPage />} />
      <Route path={approvalsRouteRef.path} element={<ApprovalsPage />} />
      <Route path={cabRouteRef.path} element={<CabPage />} />
      <Route path={cabMeetingRouteRef.path} element={<CabMeetingPage />} />
      <Route path={policiesRouteRef.path} element={<PoliciesPage />} />
      <Route path={auditRouteRef.path} element={<ConfigurationAuditPage />} />
      <Route path={metricsRouteRef.path} element={<MetricsPage />} />
      <Route path={myWorkRouteRef.path} element={<MyWorkPage />} />
      <Route path={releaseRouteRef.path} element={<ReleaseDetailPage />} />
    </Routes>
  );
}
