import { BaselineScope } from '@backstage-itsm/plugin-releases-common';
import { EntityName } from '../shared/EntityName';
import { baselineScopeParts, SCOPE_KIND_LABELS } from './scope';

const DEFAULT_KIND = {
  system: 'system',
  owner: 'group',
  entityRef: 'component',
};

/** `System Payments`, `Owner Payments Team`, `Component Payments API`. */
export function BaselineScopeName(props: { scope: BaselineScope }) {
  const { kind, ref } = baselineScopeParts(props.scope);
  return (
    <>
      {SCOPE_KIND_LABELS[kind]}{' '}
      <EntityName entityRef={ref} defaultKind={DEFAULT_KIND[kind]} />
    </>
  );
}
