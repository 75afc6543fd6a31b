import { translateDeploymentStatus } from './translate';
import fixture from './__fixtures__/deployment_status.json';

const withStatus = (state: string, changes: object = {}) => ({
  ...fixture,
  deployment_status: { ...fixture.deployment_status, state },
  ...changes,
});

describe('translateDeploymentStatus', () => {
  it('reads a successful deployment of a tag from GitHub Actions', () => {
    expect(translateDeploymentStatus(fixture)).toEqual([
      {
        type: 'deployment',
        subject: {
          annotations: [
            { key: 'github.com/project-slug', value: 'acme/payments-api' },
          ],
          name: undefined,
        },
        deployment: {
          environment: 'production',
          environmentAlternatives: [],
          version: 'v2.6.0',
          status: 'succeeded',
          externalId: 'api.github.com/deployments/1459887461',
          reportedAt: '2026-11-30T10:00:05Z',
          committedAt: '2026-11-30T08:12:00Z',
          commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
          url: 'https://github.com/acme/payments-api/actions/runs/9876543210/job/27123456789',
        },
      },
    ]);
  });

  it.each([
    ['queued', 'queued'],
    ['pending', 'queued'],
    ['waiting', 'queued'],
    ['in_progress', 'in_progress'],
    ['failure', 'failed'],
    ['error', 'failed'],
  ])(
    'maps the state %s to %s under the same deployment id',
    (state, status) => {
      const [translation] = translateDeploymentStatus(withStatus(state));
      expect(translation).toMatchObject({
        type: 'deployment',
        deployment: {
          status,
          externalId: 'api.github.com/deployments/1459887461',
        },
      });
    },
  );

  it('ignores a deployment marked inactive, which a later one replaced', () => {
    expect(translateDeploymentStatus(withStatus('inactive'))).toEqual([
      {
        type: 'ignored',
        reason:
          'deployment 1459887461 of acme/payments-api (inactive): a later deployment to the environment replaced it',
      },
    ]);
  });

  it('takes a branch deployment at its short sha, and the version and component the payload names', () => {
    const branch = {
      ...fixture,
      deployment: { ...fixture.deployment, ref: 'main' },
      workflow_run: null,
    };
    expect(translateDeploymentStatus(branch)[0]).toMatchObject({
      deployment: { version: '9fceb02', committedAt: undefined },
    });
    const named = {
      ...branch,
      deployment: {
        ...branch.deployment,
        payload: {
          version: '2.6.1',
          component: 'ledger-service',
          committedAt: '2026-11-30T07:00:00Z',
        },
      },
    };
    expect(translateDeploymentStatus(named)[0]).toMatchObject({
      subject: { name: 'ledger-service' },
      deployment: { version: '2.6.1', committedAt: '2026-11-30T07:00:00Z' },
    });
  });

  it('answers unmapped, with the reason, for what it cannot read', () => {
    expect(
      translateDeploymentStatus({ zen: 'Keep it logically awesome.' }),
    ).toEqual([
      {
        type: 'unmapped',
        reason:
          'not a deployment_status event: it has no deployment_status, deployment or repository.full_name',
      },
    ]);
    expect(translateDeploymentStatus(withStatus('exploded'))[0]).toMatchObject({
      type: 'unmapped',
      reason: 'the deployment state "exploded" is not one GitHub documents',
    });
    expect(translateDeploymentStatus(null)[0].type).toBe('unmapped');
  });
});
