import { Entity } from '@backstage/catalog-model';

function component(
  name: string,
  system: string,
  owner: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner, system },
    relations: [
      { type: 'partOf', targetRef: `system:default/${system}` },
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
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

/** A small catalog: two systems, four components, two teams. */
export const testEntities: Entity[] = [
  component('payments-api', 'payments', 'payments-team'),
  component('ledger-service', 'payments', 'payments-team'),
  component('checkout-service', 'storefront', 'storefront-team'),
  component('cart-service', 'storefront', 'storefront-team'),
  group('payments-team'),
  group('storefront-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'payments-team' },
  },
];
