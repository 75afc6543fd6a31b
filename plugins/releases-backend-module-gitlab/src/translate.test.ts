import { translateDeploymentHook } from './translate';
import fixture from './__fixtures__/deployment_hook.json';

describe('translateDeploymentHook', () => {
  it('reads a successful deployment of a tag', () => {
    expect(translateDeploymentHook(fixture)).toEqual([
      {
        type: 'deployment',
        subject: {
          annotations: [
            { key: 'gitlab.com/project-slug', value: 'shop/checkout-service' },
          ],
        },
        deployment: {
          environment: 'production',
          environmentAlternatives: [],
          version: 'v4.2.0',
          status: 'succeeded',
          externalId: 'gitlab.example.com/projects/412/deployments/1528',
          reportedAt: '2026-11-30T09:14:03.000Z',
          commit: '279484c09fbe69ededfced8c1bb6e6d24616b468',
          url: 'https://gitlab.example.com/shop/checkout-service/-/jobs/79623',
        },
      },
    ]);
  });

  it.each([
    ['created', 'queued'],
    ['blocked', 'queued'],
    ['running', 'in_progress'],
    ['failed', 'failed'],
    ['canceled', 'cancelled'],
  ])('maps the status %s to %s', (status, expected) => {
    expect(translateDeploymentHook({ ...fixture, status })[0]).toMatchObject({
      deployment: {
        status: expected,
        externalId: 'gitlab.example.com/projects/412/deployments/1528',
      },
    });
  });

  it('takes a branch deployment at its short sha, and the tier when the environment is named otherwise', () => {
    expect(
      translateDeploymentHook({
        ...fixture,
        ref: 'main',
        environment: 'prod-eu',
      })[0],
    ).toMatchObject({
      deployment: {
        version: '279484c0',
        environment: 'prod-eu',
        environmentAlternatives: ['production'],
      },
    });
  });

  it('ignores a skipped deployment and answers unmapped for what it cannot read', () => {
    expect(
      translateDeploymentHook({ ...fixture, status: 'skipped' })[0],
    ).toEqual({
      type: 'ignored',
      reason:
        'deployment 1528 of shop/checkout-service (skipped): GitLab skipped it',
    });
    expect(
      translateDeploymentHook({ object_kind: 'push', ref: 'refs/heads/main' }),
    ).toEqual([
      {
        type: 'unmapped',
        reason:
          'not a Deployment Hook: it needs object_kind "deployment", deployment_id and project.id and path_with_namespace',
      },
    ]);
    expect(
      translateDeploymentHook({ ...fixture, status: 'exploded' })[0],
    ).toMatchObject({
      type: 'unmapped',
      reason: 'the deployment status "exploded" is not one GitLab documents',
    });
  });
});
