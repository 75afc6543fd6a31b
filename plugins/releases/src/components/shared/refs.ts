import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** Accepts `payments-team` as well as `group:default/payments-team`. */
export function normalizeRef(value: string, defaultKind: string): string {
  const text = value.trim();
  if (!text) {
    return '';
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(text, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    return text;
  }
}
