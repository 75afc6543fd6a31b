import { screen } from '@testing-library/react';
import { CalendarResponse } from '@backstage-itsm/plugin-releases-common';
import { DateTime } from 'luxon';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ActiveFreezeBanner } from './ActiveFreezeBanner';

function calendar(freezes: CalendarResponse['freezes']): CalendarResponse {
  return {
    from: DateTime.utc().toISO()!,
    to: DateTime.utc().plus({ days: 1 }).toISO()!,
    releases: [],
    truncated: false,
    freezes,
    allowWindows: [],
    cabMeetings: [],
    collisions: [],
    freezeConflicts: [],
  };
}

describe('ActiveFreezeBanner', () => {
  it('names a runtime freeze in force for the scope, and not one that starts later', async () => {
    const now = DateTime.utc();
    const api = fakeReleasesApi({
      getCalendar: jest.fn().mockResolvedValue(
        calendar([
          {
            window: 'Payments incident',
            kind: 'freeze',
            start: now.minus({ hours: 1 }).toISO()!,
            end: now.plus({ days: 1 }).toISO()!,
            timezone: 'UTC',
            environments: ['production'],
            allow: ['emergency'],
            runtime: {
              freezeId: 'frz-1',
              reason: 'Card payments fail since the last deploy',
              declaredBy: 'user:default/dana',
              openEnded: true,
            },
          },
          {
            window: 'Year-end',
            kind: 'freeze',
            start: now.plus({ hours: 5 }).toISO()!,
            end: now.plus({ days: 1 }).toISO()!,
            timezone: 'UTC',
            environments: ['production'],
            allow: [],
          },
        ]),
      ),
    });
    await renderWithApis(
      <ActiveFreezeBanner
        scope={{ entityRef: 'component:default/payments-api' }}
        liveChannel="releases:entity:component:default/payments-api"
      />,
      { releasesApi: api },
    );

    const banner = await screen.findByRole('status', {
      name: 'Freeze in force: Payments incident',
    });
    expect(banner).toHaveTextContent(
      'Card payments fail since the last deploy',
    );
    expect(banner).toHaveTextContent(
      'Deployments to Production are stopped until lifted. Emergency releases may still deploy.',
    );
    expect(api.getCalendar).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'component:default/payments-api' }),
    );
    expect(screen.queryByText(/Year-end/)).not.toBeInTheDocument();
  });
});
