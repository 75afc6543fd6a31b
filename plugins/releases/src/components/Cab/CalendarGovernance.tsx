import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { CalendarResponse } from '@backstage-itsm/plugin-releases-common';
import { cabMeetingRouteRef } from '../../routes';
import { formatWindow } from '../shared/format';
import { humanizeValue } from '../shared/labels';
import { formatMeetingTime } from './cabText';

/** The CAB meetings and allow windows of the calendar's range. */
export function CalendarGovernance(props: {
  data: Pick<CalendarResponse, 'cabMeetings' | 'allowWindows'>;
}) {
  const { cabMeetings, allowWindows } = props.data;
  const meetingLink = useRouteRef(cabMeetingRouteRef);
  if (cabMeetings.length === 0 && allowWindows.length === 0) {
    return null;
  }
  return (
    <Grid container spacing={3}>
      {cabMeetings.length > 0 && (
        <Grid item xs={12} md={6}>
          <Typography variant="h6" component="h2">
            CAB meetings
          </Typography>
          <Box component="ul" pl={2.5} m={0} aria-label="CAB meetings">
            {cabMeetings.map(meeting => (
              <li key={meeting.id}>
                <Link to={meetingLink({ meetingId: meeting.id })}>
                  {meeting.board}
                </Link>
                : {formatMeetingTime(meeting)}
              </li>
            ))}
          </Box>
        </Grid>
      )}
      {allowWindows.length > 0 && (
        <Grid item xs={12} md={6}>
          <Typography variant="h6" component="h2">
            Allow windows
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Deploys to these environments happen only inside their windows.
          </Typography>
          <Box component="ul" pl={2.5} m={0} aria-label="Allow windows">
            {allowWindows.map(window => (
              <li key={`${window.window}-${window.start}`}>
                {window.window} (
                {window.environments.map(humanizeValue).join(', ')}):{' '}
                {formatWindow(window.start, window.end)}
              </li>
            ))}
          </Box>
        </Grid>
      )}
    </Grid>
  );
}
