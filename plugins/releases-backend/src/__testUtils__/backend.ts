import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { releasesPlugin } from '../plugin';
import { testEntities } from './catalog';

/** What most tests configure: staging, and production gated. */
export const testConfig: JsonObject = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
  },
};

/**
 * The releases plugin for `startTestBackend`: on `knex`, over the test
 * catalog, with `config` (`testConfig` unless given). Tests add their own
 * features (a permission policy, a notifier) after these.
 */
export function releasesTestFeatures(
  knex: Knex,
  config: JsonObject = testConfig,
) {
  return [
    releasesPlugin,
    mockServices.database.factory({ knex }),
    catalogServiceMock.factory({ entities: testEntities }),
    mockServices.rootConfig.factory({ data: config }),
  ];
}
