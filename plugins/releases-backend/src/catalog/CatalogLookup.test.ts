import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testEntities } from '../__testUtils__/catalog';
import { CatalogLookup } from './CatalogLookup';

const pipeline = mockCredentials.service('plugin:releases');
const alice = mockCredentials.user('user:default/alice');
const paymentsApi = {
  ref: 'component:default/payments-api',
  field: 'entityRef',
};
const unknown = { ref: 'component:default/nope', field: 'entityRef' };

function lookupWithSpy(existenceTtlMs?: number) {
  const catalog = catalogServiceMock({ entities: testEntities });
  const spy = jest.spyOn(catalog, 'getEntitiesByRefs');
  return { lookup: new CatalogLookup(catalog, { existenceTtlMs }), spy };
}

describe('CatalogLookup.assertExist', () => {
  it('asks the catalog once for refs it confirmed to the plugin itself', async () => {
    const { lookup, spy } = lookupWithSpy();
    await lookup.assertExist([paymentsApi], pipeline);
    await lookup.assertExist([paymentsApi], pipeline);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('always asks the catalog as a user, so catalog permissions apply', async () => {
    const { lookup, spy } = lookupWithSpy();
    await lookup.assertExist([paymentsApi], alice);
    await lookup.assertExist([paymentsApi], alice);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('never remembers a missing ref, and names it in the 400', async () => {
    const { lookup, spy } = lookupWithSpy();
    for (let i = 0; i < 2; i++) {
      await expect(
        lookup.assertExist([paymentsApi, unknown], pipeline),
      ).rejects.toThrow(
        'entityRef: component:default/nope does not exist in the catalog',
      );
    }
    // The second time only the unknown ref was asked for.
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls[1][0].entityRefs).toEqual([unknown.ref]);
  });

  it('asks again once a confirmation is older than the time to live', async () => {
    const { lookup, spy } = lookupWithSpy(20);
    await lookup.assertExist([paymentsApi], pipeline);
    await new Promise(resolve => setTimeout(resolve, 40));
    await lookup.assertExist([paymentsApi], pipeline);
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
