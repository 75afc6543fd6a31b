import { ConfigReader } from '@backstage/config';
import { DEFAULT_ROLES, readPlanSettings } from './planConfig';

const read = (releases: object) =>
  readPlanSettings(new ConfigReader({ releases }), ['staging', 'production']);

describe('readPlanSettings', () => {
  it('defaults to the four roles, no checklists, and phases that need their tasks done', () => {
    const settings = read({});
    expect(settings.roles).toEqual(DEFAULT_ROLES);
    expect(settings.roles.map(r => r.id)).toEqual([
      'release-manager',
      'change-manager',
      'qa-lead',
      'operations-contact',
    ]);
    expect(settings.checklists).toEqual({});
    expect(Object.keys(settings.exitCriteria)).toEqual([
      'plan',
      'design',
      'build',
      'test',
      'deploy',
      'review',
    ]);
    expect(settings.exitCriteria.test).toEqual({ tasks: true, signoffs: [] });
    expect(settings.statusUpdateRole).toBe('release-manager');
  });

  it('reads roles, checklists and exit criteria, normalising refs', () => {
    const settings = read({
      roles: [
        { id: 'release-manager', title: 'Release manager', default: 'owner' },
        { id: 'qa-lead', title: 'QA lead', requiredToLeavePlan: true },
      ],
      checklists: {
        major: {
          tasks: [
            { title: 'Runbook', phase: 'deploy', assignee: 'group:qa' },
            { title: 'Docs', phase: 'review', assignee: 'creator' },
          ],
          milestones: [
            { phase: 'test', due: { from: 'plannedStart', days: -2 } },
          ],
        },
      },
      exitCriteria: {
        test: {
          tasks: false,
          signoffs: [
            { name: 'QA', role: 'qa-lead' },
            { name: 'UAT', group: 'uat', types: ['major'] },
          ],
          deployment: { environment: 'staging' },
        },
      },
    });
    expect(settings.roles).toEqual([
      {
        id: 'release-manager',
        title: 'Release manager',
        requiredToLeavePlan: false,
        defaultHolder: 'owner',
      },
      { id: 'qa-lead', title: 'QA lead', requiredToLeavePlan: true },
    ]);
    expect(settings.checklists.major).toEqual({
      tasks: [
        { title: 'Runbook', phase: 'deploy', assignee: 'group:default/qa' },
        { title: 'Docs', phase: 'review', assignee: 'creator' },
      ],
      milestones: [
        {
          phase: 'test',
          due: { from: 'plannedStart', days: -2 },
          bufferDays: 0,
        },
      ],
    });
    expect(settings.exitCriteria.test).toEqual({
      tasks: false,
      signoffs: [
        { name: 'QA', role: 'qa-lead' },
        { name: 'UAT', group: 'group:default/uat', types: ['major'] },
      ],
      deployment: { environment: 'staging' },
    });
    expect(settings.exitCriteria.build).toEqual({ tasks: true, signoffs: [] });
  });

  it.each([
    [
      { checklists: { huge: { tasks: [] } } },
      'releases.checklists.huge: "huge" is not a release type (major, minor, emergency)',
    ],
    [
      { checklists: { major: { tasks: [{ title: 'X', phase: 'closed' }] } } },
      'releases.checklists.major.tasks[0].phase: must be one of plan, design, build, test, deploy, review',
    ],
    [
      {
        checklists: {
          minor: { tasks: [{ title: 'X', phase: 'test', assignee: 'alice' }] },
        },
      },
      'releases.checklists.minor.tasks[0].assignee: "alice" must be owner, creator, or a user or group ref such as group:default/qa',
    ],
    [
      {
        checklists: {
          minor: {
            milestones: [
              { phase: 'test', due: { from: 'plannedStart', days: 1 } },
              { phase: 'test', due: { from: 'plannedEnd', days: 1 } },
            ],
          },
        },
      },
      'releases.checklists.minor.milestones[1].phase: test is listed more than once',
    ],
    [
      { exitCriteria: { closed: { tasks: true } } },
      'releases.exitCriteria.closed: "closed" is not a phase a release can leave (plan, design, build, test, deploy, review)',
    ],
    [
      { exitCriteria: { test: { signoffs: [{ name: 'QA', role: 'qa' }] } } },
      'releases.exitCriteria.test.signoffs[0].role: "qa" is not a configured role (release-manager, change-manager, qa-lead, operations-contact)',
    ],
    [
      {
        exitCriteria: {
          test: { signoffs: [{ name: 'QA', role: 'qa-lead', group: 'qa' }] },
        },
      },
      'releases.exitCriteria.test.signoffs[0]: give either role or group',
    ],
    [
      {
        exitCriteria: {
          build: { signoffs: [{ name: 'QA', group: 'qa' }] },
          test: { signoffs: [{ name: 'qa', role: 'qa-lead' }] },
        },
      },
      'releases.exitCriteria.test.signoffs[0].name: "qa" is used by another sign-off; names must be unique',
    ],
    [
      { exitCriteria: { test: { deployment: { environment: 'uat' } } } },
      'releases.exitCriteria.test.deployment.environment: "uat" is not a configured environment (staging, production)',
    ],
    [
      {
        roles: [
          { id: 'qa-lead', title: 'QA' },
          { id: 'qa-lead', title: 'QA again' },
        ],
      },
      'releases.roles[1].id: "qa-lead" is listed more than once',
    ],
    [
      { roles: [{ id: 'QA Lead', title: 'QA' }] },
      'releases.roles[0].id: must be lower-case letters, digits and "-"',
    ],
    [
      { roles: [{ id: 'qa-lead', title: 'QA' }] },
      'releases.statusUpdates.role: "release-manager" is not a configured role (qa-lead)',
    ],
  ])('stops start-up on %j', (releases, message) => {
    expect(() => read(releases)).toThrow(message);
  });
});
