import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  releaseChangeTypePermission,
  releaseCreatePermission,
  releaseTransitionPermission,
  releaseUpdatePermission,
} from '@backstage-itsm/plugin-releases-common';
import { ReleasesExamplePolicy } from './ReleasesExamplePolicy';

const user = (ownershipEntityRefs: string[]) => ({
  identity: {
    type: 'user' as const,
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs,
  },
  info: { userEntityRef: 'user:default/alice', ownershipEntityRefs },
  token: 'token',
  credentials: {} as any,
});

describe('ReleasesExamplePolicy', () => {
  const policy = new ReleasesExamplePolicy();

  it('lets release managers transition and edit any release', async () => {
    const manager = user([
      'user:default/alice',
      'group:default/release-managers',
    ]);
    expect(
      await policy.handle({ permission: releaseTransitionPermission }, manager),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      await policy.handle({ permission: releaseUpdatePermission }, manager),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('keeps others away from major releases and from releases their team does not own', async () => {
    const engineer = user([
      'user:default/alice',
      'group:default/payments-team',
    ]);
    expect(
      await policy.handle(
        { permission: releaseTransitionPermission },
        engineer,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'releases',
      resourceType: 'release',
      conditions: {
        not: {
          rule: 'HAS_RELEASE_TYPE',
          resourceType: 'release',
          params: { types: ['major'] },
        },
      },
    });
    expect(
      await policy.handle({ permission: releaseUpdatePermission }, engineer),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'releases',
      resourceType: 'release',
      conditions: {
        rule: 'IS_RELEASE_OWNER',
        resourceType: 'release',
        params: {
          ownerRefs: ['user:default/alice', 'group:default/payments-team'],
        },
      },
    });
    expect(
      await policy.handle({ permission: releaseCreatePermission }, engineer),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only release managers retype a release to or from major', async () => {
    const engineer = user([
      'user:default/alice',
      'group:default/payments-team',
    ]);
    expect(
      await policy.handle(
        { permission: releaseChangeTypePermission },
        engineer,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'releases',
      resourceType: 'release',
      conditions: {
        not: {
          rule: 'HAS_RELEASE_TYPE',
          resourceType: 'release',
          params: { types: ['major'] },
        },
      },
    });
    const manager = user([
      'user:default/alice',
      'group:default/release-managers',
    ]);
    expect(
      await policy.handle({ permission: releaseChangeTypePermission }, manager),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
