import { Entity } from '@backstage/catalog-model';
import { isReleasesAvailable } from './conditions';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
  };
}

describe('isReleasesAvailable', () => {
  it.each(['Component', 'System', 'Group'])('is true for a %s', kind => {
    expect(isReleasesAvailable(entity(kind))).toBe(true);
  });

  it.each(['API', 'User', 'Resource', 'Domain'])('is false for a %s', kind => {
    expect(isReleasesAvailable(entity(kind))).toBe(false);
  });

  it('is false when the annotation disables the tab', () => {
    expect(
      isReleasesAvailable(
        entity('Component', {
          'releases.backstage-itsm.io/enabled': 'disabled',
        }),
      ),
    ).toBe(false);
  });

  it('stays true for other annotation values', () => {
    expect(
      isReleasesAvailable(
        entity('System', { 'releases.backstage-itsm.io/enabled': 'true' }),
      ),
    ).toBe(true);
  });
});
