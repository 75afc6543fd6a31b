import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  CabBoard,
  CabMeetingSummary,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { cabMeetingRouteRef } from '../../routes';
import { EntityName } from '../shared/EntityName';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import { formatMeetingTime, meetingStatusLabel } from './cabText';

function MeetingList(props: {
  meetings: CabMeetingSummary[];
  empty: string;
  label: string;
}) {
  const meetingLink = useRouteRef(cabMeetingRouteRef);
  if (props.meetings.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.empty}
      </Typography>
    );
  }
  return (
    <List dense aria-label={props.label} disablePadding>
      {props.meetings.map(meeting => (
        <ListItem key={meeting.id} disableGutters>
          <ListItemText
            primary={
              <Link to={meetingLink({ meetingId: meeting.id })}>
                {formatMeetingTime(meeting)}
              </Link>
            }
          />
          {meeting.status === 'in_progress' && (
            <Chip
              size="small"
              color="primary"
              label={meetingStatusLabel(meeting.status)}
            />
          )}
        </ListItem>
      ))}
    </List>
  );
}

function BoardCard(props: { board: CabBoard; meetings: CabMeetingSummary[] }) {
  const { board, meetings } = props;
  const meetingLink = useRouteRef(cabMeetingRouteRef);
  const upcoming = meetings.filter(m => m.status !== 'past');
  const past = meetings.filter(m => m.status === 'past').reverse();
  return (
    <InfoCard title={board.name} titleTypographyProps={{ component: 'h2' }}>
      {board.description && (
        <Typography variant="body2" paragraph>
          {board.description}
        </Typography>
      )}
      <Typography variant="body2">
        Members: <EntityName entityRef={board.group} defaultKind="group" />
      </Typography>
      <Typography variant="body2" paragraph>
        Chair: <EntityName entityRef={board.chair} defaultKind="group" />
      </Typography>
      <Typography variant="body2" paragraph>
        {board.nextMeeting ? (
          <>
            Next meeting:{' '}
            <Link to={meetingLink({ meetingId: board.nextMeeting.id })}>
              {formatMeetingTime(board.nextMeeting)}
            </Link>
          </>
        ) : (
          'No meeting planned within a year.'
        )}
      </Typography>
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2" component="h3">
            Upcoming meetings
          </Typography>
          <MeetingList
            meetings={upcoming}
            label={`Upcoming meetings of ${board.name}`}
            empty="No upcoming meetings in the next 90 days."
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography variant="subtitle2" component="h3">
            Past meetings
          </Typography>
          <MeetingList
            meetings={past}
            label={`Past meetings of ${board.name}`}
            empty="No meetings in the last 30 days."
          />
        </Grid>
      </Grid>
    </InfoCard>
  );
}

/** The Change Advisory Boards, each with its past and upcoming meetings. */
export function CabPage() {
  const releasesApi = useApi(releasesApiRef);
  const state = useLoader(async () => {
    const [boards, meetings] = await Promise.all([
      releasesApi.listCabBoards(),
      releasesApi.listCabMeetings(),
    ]);
    return { boards: boards.items, meetings: meetings.items };
  }, [releasesApi]);

  return (
    <ReleasesPageLayout
      title="Change Advisory Boards"
      subtitle="Who decides on which changes, and when the boards meet"
    >
      {state.loading && !state.value && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {state.value && state.value.boards.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No Change Advisory Board is configured. Administrators configure
          boards under releases.cab.boards in app-config.yaml.
        </Typography>
      )}
      <Box display="flex" flexDirection="column" gridGap={24}>
        {state.value?.boards.map(board => (
          <BoardCard
            key={board.name}
            board={board}
            meetings={state.value!.meetings.filter(m => m.board === board.name)}
          />
        ))}
      </Box>
    </ReleasesPageLayout>
  );
}
