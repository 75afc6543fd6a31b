import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { testEntities } from '../__testUtils__/catalog';
import { ReleaseStore } from '../releases/ReleaseStore';
import { ApprovalService } from './ApprovalService';
import { ApprovalStore } from './ApprovalStore';

const release: Release = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Payments 3.0',
  description: '',
  type: 'major',
  phase: 'test',
  plannedStart: '2026-12-01T09:00:00.000Z',
  plannedEnd: '2026-12-02T09:00:00.000Z',
  actualStart: null,
  actualEnd: null,
  owner: 'group:default/payments-team',
  createdBy: 'user:default/alice',
  components: [{ entityRef: 'component:default/payments-api' }],
  environments: ['production'],
  approvalRound: 1,
  breakGlass: null,
  outcome: null,
  risk: null,
  revision: 1,
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
};

const pluginCredentials = mockCredentials.service('plugin:releases');

function serviceWithSpy(membershipTtlMs?: number) {
  const catalog = catalogServiceMock({ entities: testEntities });
  const spy = jest.spyOn(catalog, 'getEntities');
  const service = new ApprovalService(
    {
      policies: [
        {
          name: 'cab-for-major',
          when: { types: ['major'] },
          require: [{ group: 'group:default/cab', count: 2 }],
        },
      ],
      separationOfDuties: true,
    },
    {} as ReleaseStore,
    {} as ApprovalStore,
    catalog,
    async () => pluginCredentials,
    undefined,
    { membershipTtlMs },
  );
  return { service, spy };
}

describe('ApprovalService memberships', () => {
  it('reads who may approve with the plugin’s credentials, whoever looks', async () => {
    const { service, spy } = serviceWithSpy();
    const seenBy = await service.evaluate(
      release,
      mockCredentials.user('user:default/erin'),
      { decisions: [] },
    );
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][1]).toEqual({ credentials: pluginCredentials });
    expect(seenBy.rules[0].eligible).toEqual(
      expect.arrayContaining(['user:default/carol', 'user:default/dave']),
    );
  });

  it('asks the catalog once per group while the membership is fresh', async () => {
    const { service, spy } = serviceWithSpy();
    const viewer = mockCredentials.user('user:default/bob');
    const first = await service.evaluate(release, viewer, { decisions: [] });
    const second = await service.evaluate(release, viewer, { decisions: [] });
    expect(second.rules[0].eligible).toEqual(first.rules[0].eligible);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('asks again once the membership is older than its time to live', async () => {
    const { service, spy } = serviceWithSpy(20);
    const viewer = mockCredentials.user('user:default/bob');
    await service.evaluate(release, viewer, { decisions: [] });
    await new Promise(resolve => setTimeout(resolve, 40));
    await service.evaluate(release, viewer, { decisions: [] });
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
