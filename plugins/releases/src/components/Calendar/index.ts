export { ReleaseCalendarPage } from './ReleaseCalendarPage';
export { ReleaseCalendar } from './ReleaseCalendar';
export type { ReleaseCalendarProps } from './ReleaseCalendar';
export { EntityReleaseTimeline } from './EntityReleaseTimeline';
