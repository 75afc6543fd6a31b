export { CabPage } from './CabPage';
export { CabMeetingPage } from './CabMeetingPage';
