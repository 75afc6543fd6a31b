import { screen, within } from '@testing-library/react';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { CalendarGovernance } from './CalendarGovernance';

describe('CalendarGovernance', () => {
  it('lists the CAB meetings with links and the allow windows', async () => {
    await renderWithApis(
      <CalendarGovernance
        data={{
          cabMeetings: [
            {
              id: 'weekly-cab-20261203T1300Z',
              board: 'Weekly CAB',
              start: '2026-12-03T13:00:00Z',
              end: '2026-12-03T14:00:00Z',
              timezone: 'Europe/Berlin',
              status: 'upcoming',
            },
          ],
          allowWindows: [
            {
              window: 'Weekday deploys',
              kind: 'allow',
              start: '2026-12-01T08:00:00Z',
              end: '2026-12-01T16:00:00Z',
              timezone: 'UTC',
              environments: ['production'],
              allow: [],
            },
          ],
        }}
      />,
      { releasesApi: fakeReleasesApi() },
    );

    const meetings = screen.getByRole('list', { name: 'CAB meetings' });
    expect(
      within(meetings).getByRole('link', { name: 'Weekly CAB' }),
    ).toHaveAttribute(
      'href',
      '/releases/cab/meetings/weekly-cab-20261203T1300Z',
    );
    const windows = screen.getByRole('list', { name: 'Allow windows' });
    expect(windows).toHaveTextContent('Weekday deploys (Production)');
  });
});
