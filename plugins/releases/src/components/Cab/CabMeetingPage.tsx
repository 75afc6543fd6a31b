import { useState } from 'react';
import { useParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  CabAgendaItem,
  CabDecisionValue,
  CabMeeting,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { cabRouteRef } from '../../routes';
import { BackLink } from '../shared/BackLink';
import { formatDateTime } from '../shared/format';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import { AddAgendaItem } from './AddAgendaItem';
import { AgendaItemCard } from './AgendaItemCard';
import { CabDecisionDialog } from './CabDecisionDialog';
import { formatMeetingTime, meetingStatusLabel, meetingTitle } from './cabText';
import { MinutesEditor } from './MinutesEditor';

function roleText(meeting: CabMeeting): string {
  if (meeting.viewer.chair) {
    return 'You chair this board: you record its decisions and minutes.';
  }
  if (meeting.viewer.member) {
    return 'You are a member of this board: you may add releases to the agenda.';
  }
  return 'You follow this meeting as a reader.';
}

/** One CAB meeting: its agenda with a decision per item, and its minutes. */
export function CabMeetingPage() {
  const { meetingId = '' } = useParams();
  const releasesApi = useApi(releasesApiRef);
  const cabLink = useRouteRef(cabRouteRef);
  const [saved, setSaved] = useState<CabMeeting>();
  const [deciding, setDeciding] = useState<{
    item: CabAgendaItem;
    decision: CabDecisionValue;
  }>();
  const state = useLoader(async () => {
    const meeting = await releasesApi.getCabMeeting(meetingId);
    setSaved(undefined);
    return meeting;
  }, [releasesApi, meetingId]);
  const meeting = saved ?? state.value;

  return (
    <ReleasesPageLayout
      title={meeting ? meetingTitle(meeting) : 'CAB meeting'}
      subtitle={meeting ? formatMeetingTime(meeting) : undefined}
    >
      <Box mb={2}>
        <BackLink to={cabLink()}>All boards and meetings</BackLink>
      </Box>
      {state.loading && !meeting && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {meeting && (
        <Box display="flex" flexDirection="column" gridGap={24}>
          <Box>
            <Typography variant="body1">
              {meetingStatusLabel(meeting.status)} meeting of {meeting.board},{' '}
              {formatMeetingTime(meeting)}.
            </Typography>
            {meeting.description && (
              <Typography variant="body2" color="textSecondary">
                {meeting.description}
              </Typography>
            )}
            <Typography variant="body2" color="textSecondary">
              {meeting.nextStart
                ? `The agenda holds the releases that need the board and are planned before the next meeting (${formatDateTime(
                    meeting.nextStart,
                  )}).`
                : 'The agenda holds the releases that need the board.'}{' '}
              {meeting.agendaAnnouncedAt &&
                `Members were told the agenda was ready on ${formatDateTime(
                  meeting.agendaAnnouncedAt,
                )}.`}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {roleText(meeting)}
            </Typography>
          </Box>

          <Box component="section" aria-labelledby="cab-agenda-heading">
            <Typography variant="h5" component="h2" id="cab-agenda-heading">
              Agenda
            </Typography>
            {meeting.agendaTruncated && (
              <Box mt={1}>
                <Alert severity="warning">
                  More than 2,000 releases could need this board before its next
                  meeting. The agenda holds those that do among the first 2,000
                  by planned start; add later ones by hand.
                </Alert>
              </Box>
            )}
            {meeting.items.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                No release needs this meeting.
              </Typography>
            )}
            <Box display="flex" flexDirection="column" gridGap={16} mt={1}>
              {meeting.items.map(item => (
                <AgendaItemCard
                  key={item.release.id}
                  item={item}
                  canDecide={meeting.viewer.canDecide}
                  onDecide={decision => setDeciding({ item, decision })}
                />
              ))}
            </Box>
          </Box>

          {meeting.viewer.canAddItems && (
            <InfoCard
              title="Add a release to the agenda"
              titleTypographyProps={{ component: 'h2' }}
            >
              <AddAgendaItem
                meetingId={meeting.id}
                onAgenda={meeting.items.map(i => i.release.id)}
                onAdded={state.retry}
              />
            </InfoCard>
          )}

          <InfoCard title="Minutes" titleTypographyProps={{ component: 'h2' }}>
            <MinutesEditor meeting={meeting} onSaved={setSaved} />
          </InfoCard>
        </Box>
      )}
      {deciding && meeting && (
        <CabDecisionDialog
          meetingId={meeting.id}
          release={deciding.item.release}
          decision={deciding.decision}
          onClose={() => setDeciding(undefined)}
          onDone={() => {
            setDeciding(undefined);
            state.retry();
          }}
        />
      )}
    </ReleasesPageLayout>
  );
}
