import { FreezeSelector } from '@backstage-itsm/plugin-releases-common';
import { EntityFacts } from '../catalog/CatalogFacts';

/** The facts a selector looks at. */
export type SelectableFacts = Pick<
  EntityFacts,
  'ref' | 'system' | 'owner' | 'lifecycle' | 'tags'
>;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** A selector's values as sets: refs completed (`payments` → `system:default/payments`) and lower-cased. */
type CompiledSelector = {
  system?: Set<string>;
  owner?: Set<string>;
  component?: Set<string>;
  lifecycle?: Set<string>;
  tag?: string[];
};

/**
 * Selectors are fixed once read (configuration, a stored freeze or policy),
 * and the calendar, the gate and the approval evaluator ask each one about
 * many components: each is compiled once per object.
 */
const compiled = new WeakMap<FreezeSelector, CompiledSelector>();

function refSet(values: string[] | undefined, kind: string) {
  return values
    ? new Set(
        values.map(v => lower(v.includes(':') ? v : `${kind}:default/${v}`)),
      )
    : undefined;
}

function compile(selector: FreezeSelector): CompiledSelector {
  let found = compiled.get(selector);
  if (!found) {
    found = {
      system: refSet(selector.system, 'system'),
      owner: refSet(selector.owner, 'group'),
      component: refSet(selector.component, 'component'),
      lifecycle: selector.lifecycle ? new Set(selector.lifecycle) : undefined,
      tag: selector.tag,
    };
    compiled.set(selector, found);
  }
  return found;
}

/** `payments` matches `system:default/payments` and the other way round. */
const refIn = (set: Set<string>, ref: string | undefined) =>
  ref !== undefined && ref !== '' && set.has(lower(ref));

/** Whether a component matches a freeze window's or a policy's selector; every given key must match. */
export function selectorMatches(
  selector: FreezeSelector | undefined,
  facts: SelectableFacts,
): boolean {
  if (!selector) {
    return true;
  }
  const { system, owner, component, lifecycle, tag } = compile(selector);
  return (
    (!system || refIn(system, facts.system)) &&
    (!owner || refIn(owner, facts.owner)) &&
    (!component || refIn(component, facts.ref)) &&
    (!lifecycle || lifecycle.has(facts.lifecycle ?? '')) &&
    (!tag || tag.some(t => facts.tags.includes(t)))
  );
}
