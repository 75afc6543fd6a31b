import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { badField } from '../service/errors';

/**
 * Parses a user-supplied ref, filling in the kind and namespace, and refuses
 * refs of another kind. `field` names the input in the error.
 */
export function normalizeEntityRef(
  ref: string,
  expectedKind: string,
  field: string,
): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: expectedKind,
      defaultNamespace: 'default',
    });
  } catch {
    throw badField(field, `"${ref}" is not a valid entity ref`);
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== expectedKind) {
    throw badField(
      field,
      `"${ref}" must be a ${expectedKind}, not a ${parsed.kind}`,
    );
  }
  return stringifyEntityRef(parsed);
}
