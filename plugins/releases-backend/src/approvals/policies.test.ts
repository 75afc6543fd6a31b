import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readApprovalSettings } from './policies';

const read = (approvalPolicies: JsonObject[], extra: JsonObject = {}) =>
  readApprovalSettings(
    new ConfigReader({ releases: { approvalPolicies, ...extra } }),
    ['staging', 'production'],
  );

describe('readApprovalSettings', () => {
  it('normalises group refs and review days, with separation of duties on by default', () => {
    const settings = read([
      {
        name: 'emergency',
        when: { types: ['emergency'] },
        require: [{ group: 'release-managers', count: 1 }],
        reviewAfter: true,
      },
    ]);
    expect(settings.separationOfDuties).toBe(true);
    expect(settings.policies).toEqual([
      {
        name: 'emergency',
        description: undefined,
        when: {
          types: ['emergency'],
          environments: undefined,
          riskLevels: undefined,
          selector: undefined,
        },
        require: [{ group: 'group:default/release-managers', count: 1 }],
        reviewAfter: { days: 5 },
      },
    ]);
    expect(read([], { separationOfDuties: false }).separationOfDuties).toBe(
      false,
    );
  });

  it.each([
    [
      { name: 'p', require: [] },
      'releases.approvalPolicies[0] ("p").require: needs at least one rule',
    ],
    [
      { name: 'p', require: [{ group: 'cab' }] },
      '("p").require.0.count: must be a number',
    ],
    [
      { name: 'p', require: [{ group: 'cab', owner: true, count: 1 }] },
      '("p").require.0: needs either group or owner: true',
    ],
    [
      {
        name: 'p',
        when: { types: ['huge'] },
        require: [{ owner: true, count: 1 }],
      },
      '("p").when.types.0: must be one of major, minor, emergency',
    ],
    [
      {
        name: 'p',
        when: { environments: ['moon'] },
        require: [{ owner: true, count: 1 }],
      },
      '("p").when.environments: "moon" is not a configured environment',
    ],
    [
      {
        name: 'p',
        when: { colour: 'red' },
        require: [{ owner: true, count: 1 }],
      },
      '("p").when: Unrecognized key: "colour"',
    ],
    [
      { require: [{ owner: true, count: 1 }] },
      'releases.approvalPolicies[0].name: is required',
    ],
  ])('stops start-up naming the policy and field (%#)', (policy, message) => {
    expect(() => read([policy as JsonObject])).toThrow(message);
  });

  it('refuses two policies with one name', () => {
    const p = { name: 'p', require: [{ owner: true, count: 1 }] };
    expect(() => read([p, p])).toThrow(
      'releases.approvalPolicies[1] ("p").name: is used by another policy',
    );
  });
});
