import { FreezeSelector } from '@backstage-itsm/plugin-releases-common';
import { EntityFacts } from '../catalog/CatalogFacts';

/** The facts a selector looks at. */
export type SelectableFacts = Pick<
  EntityFacts,
  'ref' | 'system' | 'owner' | 'lifecycle' | 'tags'
>;

/** `payments` matches `system:default/payments` and the other way round. */
function refMatches(
  candidates: string[],
  ref: string | undefined,
  kind: string,
) {
  if (!ref) {
    return false;
  }
  return candidates.some(c => {
    const full = c.includes(':') ? c : `${kind}:default/${c}`;
    return full.toLocaleLowerCase('en-US') === ref.toLocaleLowerCase('en-US');
  });
}

/** Whether a component matches a freeze window's or a policy's selector; every given key must match. */
export function selectorMatches(
  selector: FreezeSelector | undefined,
  facts: SelectableFacts,
): boolean {
  if (!selector) {
    return true;
  }
  return (
    (!selector.system || refMatches(selector.system, facts.system, 'system')) &&
    (!selector.owner || refMatches(selector.owner, facts.owner, 'group')) &&
    (!selector.component ||
      refMatches(selector.component, facts.ref, 'component')) &&
    (!selector.lifecycle ||
      selector.lifecycle.includes(facts.lifecycle ?? '')) &&
    (!selector.tag || selector.tag.some(t => facts.tags.includes(t)))
  );
}
