import { parseEntityRef } from '@backstage/catalog-model';

/**
 * An entity ref as people read it: `component:default/payments-api` →
 * `payments-api`; a namespace other than `default` stays
 * (`ops/payments-api`); what is not a ref is returned as it is.
 *
 * @public
 */
export function humanizeRef(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}
