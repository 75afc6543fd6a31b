import { Entity } from '@backstage/catalog-model';

function component(
  name: string,
  system: string,
  owner: string,
  extraRelations: Entity['relations'] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner, system },
    relations: [
      { type: 'partOf', targetRef: `system:default/${system}` },
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      ...extraRelations,
    ],
  };
}

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/**
 * A small catalog: two systems, four components, two teams. checkout-service
 * depends on payments-api, which depends on ledger-service; cart-service
 * consumes the payments API that payments-api provides.
 */
export const testEntities: Entity[] = [
  component('payments-api', 'payments', 'payments-team', [
    { type: 'dependsOn', targetRef: 'component:default/ledger-service' },
    { type: 'dependencyOf', targetRef: 'component:default/checkout-service' },
    { type: 'providesApi', targetRef: 'api:default/payments-rest' },
  ]),
  component('ledger-service', 'payments', 'payments-team', [
    { type: 'dependencyOf', targetRef: 'component:default/payments-api' },
  ]),
  component('checkout-service', 'storefront', 'storefront-team', [
    { type: 'dependsOn', targetRef: 'component:default/payments-api' },
  ]),
  component('cart-service', 'storefront', 'storefront-team', [
    { type: 'consumesApi', targetRef: 'api:default/payments-rest' },
  ]),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'payments-rest', namespace: 'default' },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'payments-team',
      definition: '',
    },
    relations: [
      { type: 'apiProvidedBy', targetRef: 'component:default/payments-api' },
      { type: 'apiConsumedBy', targetRef: 'component:default/cart-service' },
    ],
  },
  group('payments-team'),
  group('storefront-team'),
  group('cab'),
  group('release-managers'),
  // alice and bob build payments; carol and dave sit on the CAB (dave also
  // in payments); erin manages releases; 20 reviewers for concurrency tests.
  user('alice', ['payments-team']),
  user('bob', ['payments-team']),
  user('carol', ['cab']),
  user('dave', ['cab', 'payments-team']),
  user('erin', ['release-managers']),
  user('gina', ['release-managers']),
  user('sam', ['storefront-team']),
  ...Array.from({ length: 20 }, (_, i) => user(`reviewer${i}`, ['cab'])),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'payments-team' },
  },
];
