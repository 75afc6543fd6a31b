import { ConfigReader } from '@backstage/config';
import { readFreezeWindows } from '../calendar/freezeWindows';
import { readRollbackPlanRules } from '../governance/rollbackPlans';
import { readStandardChanges } from '../standardChanges/StandardChanges';
import {
  meetingId,
  occurrencesOf,
  parseMeetingId,
  readCabSettings,
} from './boards';

const ENVIRONMENTS = ['staging', 'production'];
const config = (releases: object) => new ConfigReader({ releases });

const board = {
  name: 'Weekly CAB',
  group: 'cab',
  rrule: 'FREQ=WEEKLY;BYDAY=TH;BYHOUR=14',
  timezone: 'Europe/Berlin',
};

describe('releases.cab', () => {
  it('reads boards: full group refs, chair defaulting to the group, meetings in wall-clock time', () => {
    const { boards, agendaLeadTimeMs } = readCabSettings(
      config({ cab: { boards: [board] } }),
      ENVIRONMENTS,
    );
    expect(agendaLeadTimeMs).toBe(24 * 3600 * 1000);
    expect(boards[0]).toMatchObject({
      name: 'Weekly CAB',
      slug: 'weekly-cab',
      group: 'group:default/cab',
      chair: 'group:default/cab',
      duration: 'PT1H',
      when: {},
    });
    // 14:00 in Berlin is 13:00 UTC in winter and 12:00 UTC in summer.
    const [winter] = occurrencesOf(
      boards[0],
      new Date('2026-12-01T00:00:00Z'),
      new Date('2026-12-08T00:00:00Z'),
    );
    expect(winter).toMatchObject({
      id: 'weekly-cab-20261203T1300Z',
      start: '2026-12-03T13:00:00.000Z',
      end: '2026-12-03T14:00:00.000Z',
    });
    const [summer] = occurrencesOf(
      boards[0],
      new Date('2027-07-01T00:00:00Z'),
      new Date('2027-07-08T00:00:00Z'),
    );
    expect(summer.start).toBe('2027-07-01T12:00:00.000Z');
    expect(parseMeetingId(boards, winter.id)).toEqual({
      board: boards[0],
      start: '2026-12-03T13:00:00.000Z',
    });
    expect(meetingId(boards[0], winter.start)).toBe(winter.id);
    expect(parseMeetingId(boards, 'other-cab-20261203T1300Z')).toBeUndefined();
    expect(parseMeetingId(boards, 'weekly-cab-2026')).toBeUndefined();
  });

  it.each([
    [{ ...board, name: undefined }, 'releases.cab.boards[0].name: is required'],
    [
      { ...board, group: undefined },
      'releases.cab.boards[0] ("Weekly CAB").group: is required: the group whose members sit on the board',
    ],
    [
      { ...board, group: 'user:default/alice' },
      'releases.cab.boards[0] ("Weekly CAB").group: "user:default/alice" is not a group ref, e.g. group:default/cab',
    ],
    [
      { ...board, rrule: 'FREQ=HOURLY' },
      'releases.cab.boards[0] ("Weekly CAB").rrule: "FREQ=HOURLY" is not a valid RRULE (a window may recur at most daily (FREQ=DAILY or coarser))',
    ],
    [
      { ...board, timezone: 'Mars/Olympus' },
      'releases.cab.boards[0] ("Weekly CAB").timezone: "Mars/Olympus" is not an IANA time zone, e.g. Europe/Berlin',
    ],
    [
      { ...board, duration: 'P2D' },
      'releases.cab.boards[0] ("Weekly CAB").duration: a meeting may last at most a day (PT24H)',
    ],
    [
      { ...board, when: { environments: ['prod'] } },
      'releases.cab.boards[0] ("Weekly CAB").when.environments: "prod" is not a configured environment (staging, production)',
    ],
    [
      { ...board, when: { types: ['huge'] } },
      'releases.cab.boards[0] ("Weekly CAB").when.types.0: must be one of major, minor, emergency',
    ],
  ])('stops the start-up naming the key: %j', (bad, message) => {
    expect(() =>
      readCabSettings(config({ cab: { boards: [bad] } }), ENVIRONMENTS),
    ).toThrow(message);
  });

  it('refuses two boards whose meeting ids would clash, and a bad lead time', () => {
    expect(() =>
      readCabSettings(
        config({ cab: { boards: [board, { ...board, name: 'Weekly-CAB!' }] } }),
        ENVIRONMENTS,
      ),
    ).toThrow(
      'releases.cab.boards[1] ("Weekly-CAB!").name: reads as "weekly-cab" in meeting ids, like the board "Weekly CAB"; choose names that differ in letters or digits',
    );
    expect(() =>
      readCabSettings(
        config({ cab: { agendaLeadTime: 'soon' } }),
        ENVIRONMENTS,
      ),
    ).toThrow(
      'releases.cab.agendaLeadTime: "soon" is not a positive ISO-8601 duration, e.g. P1D',
    );
  });
});

describe('releases.standardChanges', () => {
  it('reads templates with their defaults', () => {
    expect(
      readStandardChanges(
        config({
          standardChanges: [
            { name: 'Certificate rotation', components: ['payments-api'] },
          ],
        }),
        ENVIRONMENTS,
      ),
    ).toEqual([
      {
        name: 'Certificate rotation',
        description: '',
        components: ['component:default/payments-api'],
        environments: ENVIRONMENTS,
        maxRiskLevel: 'low',
        checklist: [],
      },
    ]);
  });

  it.each([
    [
      { name: 'Anything goes' },
      'releases.standardChanges[0] ("Anything goes"): give components or a selector: a standard change must limit what it may touch',
    ],
    [
      { name: 'Rotation', components: ['x'], maxRiskLevel: 'extreme' },
      'releases.standardChanges[0] ("Rotation").maxRiskLevel: must be one of low, medium, high',
    ],
    [
      { name: 'Rotation', components: ['x'], environments: ['qa'] },
      'releases.standardChanges[0] ("Rotation").environments: "qa" is not a configured environment (staging, production)',
    ],
    [
      { name: 'Rotation', selector: { team: 'x' } },
      'releases.standardChanges[0] ("Rotation").selector: Unrecognized key: "team"',
    ],
  ])('stops the start-up naming the key: %j', (bad, message) => {
    expect(() =>
      readStandardChanges(config({ standardChanges: [bad] }), ENVIRONMENTS),
    ).toThrow(message);
  });
});

describe('releases.rollbackPlans.requiredWhen', () => {
  it('reads rules and refuses unknown keys and values', () => {
    expect(
      readRollbackPlanRules(
        config({
          rollbackPlans: {
            requiredWhen: [{ types: ['major'], environments: ['production'] }],
          },
        }),
        ENVIRONMENTS,
      ),
    ).toEqual([{ types: ['major'], environments: ['production'] }]);
    expect(() =>
      readRollbackPlanRules(
        config({ rollbackPlans: { requiredWhen: [{ phases: ['deploy'] }] } }),
        ENVIRONMENTS,
      ),
    ).toThrow(
      'releases.rollbackPlans.requiredWhen[0].phases: is not a condition; use types, riskLevels, environments',
    );
    expect(() =>
      readRollbackPlanRules(
        config({ rollbackPlans: { requiredWhen: [{ riskLevels: ['huge'] }] } }),
        ENVIRONMENTS,
      ),
    ).toThrow(
      'releases.rollbackPlans.requiredWhen[0].riskLevels: "huge" is not a risk level (low, medium, high)',
    );
  });
});

describe('allow windows', () => {
  it('are read like other windows, with kind allow', () => {
    const [window] = readFreezeWindows(
      config({
        freezeWindows: [
          {
            name: 'Weekday deploys',
            kind: 'allow',
            rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH;BYHOUR=9',
            duration: 'PT8H',
            environments: ['production'],
          },
        ],
      }),
      ENVIRONMENTS,
    );
    expect(window).toMatchObject({ name: 'Weekday deploys', kind: 'allow' });
    expect(() =>
      readFreezeWindows(
        config({
          freezeWindows: [
            {
              name: 'X',
              kind: 'sometimes',
              start: '2026-12-01T00:00:00',
              end: '2026-12-02T00:00:00',
            },
          ],
        }),
        ENVIRONMENTS,
      ),
    ).toThrow(
      'releases.freezeWindows[0] ("X").kind: must be freeze, maintenance or allow',
    );
  });
});
