import { ConfigReader } from '@backstage/config';
import { readIncidentGuardSettings } from './incidentGuard';

describe('readIncidentGuardSettings', () => {
  it('has defaults and reads the configured settings', () => {
    expect(readIncidentGuardSettings(new ConfigReader({}))).toEqual({
      severities: ['critical'],
      pointsPerIncident: 10,
      maxPoints: 20,
    });
    expect(
      readIncidentGuardSettings(
        new ConfigReader({
          releases: {
            incidentGuard: {
              severities: ['critical', 'high'],
              risk: { pointsPerIncident: 5, maxPoints: 15 },
            },
          },
        }),
      ),
    ).toEqual({
      severities: ['critical', 'high'],
      pointsPerIncident: 5,
      maxPoints: 15,
    });
  });

  it('stops the start-up on a wrong setting, naming it', () => {
    expect(() =>
      readIncidentGuardSettings(
        new ConfigReader({
          releases: { incidentGuard: { severities: ['sev1'] } },
        }),
      ),
    ).toThrow(
      'releases.incidentGuard.severities: "sev1" must be one of critical, high, medium, low',
    );
    expect(() =>
      readIncidentGuardSettings(
        new ConfigReader({
          releases: { incidentGuard: { risk: { maxPoints: 500 } } },
        }),
      ),
    ).toThrow(
      'releases.incidentGuard.risk.maxPoints: must be between 0 and 100',
    );
  });
});
