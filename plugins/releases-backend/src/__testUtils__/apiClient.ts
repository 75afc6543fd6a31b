import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';

/** The server `startTestBackend` answers with. */
export type TestServer = Parameters<typeof request>[0];

/** The Authorization header of a catalog user, by name. */
export const asUser = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/** A pipeline's static token, as the plugin receives it. */
export const pipelineHeader = (subject = 'ci-pipeline') =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(`external:${subject}`),
    targetPluginId: 'releases',
  });

const PHASES = [
  'plan',
  'design',
  'build',
  'test',
  'deploy',
  'review',
  'closed',
];

/**
 * The releases API as the tests drive it, one person at a time: each call
 * answers supertest's response, so a test asserts statuses and bodies.
 */
export function releasesApi(server: TestServer) {
  const call = (
    method: 'get' | 'post' | 'patch' | 'put' | 'delete',
    path: string,
    who: string,
    body?: object,
  ) => {
    const req = request(server)
      [method](`/api/releases${path}`)
      .set('Authorization', who.startsWith('Bearer') ? who : asUser(who));
    return body ? req.send(body) : req;
  };

  const api = {
    call,
    plan: (
      who: string,
      body: Partial<{
        title: string;
        type: string;
        owner: string;
        components: Array<{ entityRef: string; version?: string }>;
        environments: string[];
        plannedStart: string;
        plannedEnd: string;
      }> = {},
    ) =>
      call('post', '/releases', who, {
        title: 'Payments 3.0',
        type: 'minor',
        owner: 'group:default/payments-team',
        plannedStart: new Date(Date.now() + 7 * 86400_000).toISOString(),
        plannedEnd: new Date(Date.now() + 8 * 86400_000).toISOString(),
        environments: ['production'],
        components: [
          { entityRef: 'component:default/payments-api', version: '3.0.0' },
        ],
        ...body,
      }),
    get: (id: string, who = 'bob') => call('get', `/releases/${id}`, who),
    edit: async (id: string, who: string, changes: object) => {
      const current = await call('get', `/releases/${id}`, who);
      return call('patch', `/releases/${id}`, who, {
        revision: current.body.revision ?? 1,
        ...changes,
      });
    },
    move: (id: string, who: string, to: string, reason?: string) =>
      call('post', `/releases/${id}/transitions`, who, { to, reason }),
    /** Moves forward phase by phase up to `phase`, as `who`; the last answer. */
    walkTo: async (id: string, who: string, phase: string) => {
      const current = (await call('get', `/releases/${id}`, who)).body.phase;
      let last;
      for (
        let i = PHASES.indexOf(current) + 1;
        i <= PHASES.indexOf(phase);
        i++
      ) {
        last = await api.move(id, who, PHASES[i], 'walking on');
        if (last.status !== 200) {
          return last;
        }
      }
      return last;
    },
    decide: (id: string, who: string, decision = 'approved', comment = '') =>
      call('post', `/releases/${id}/approvals`, who, {
        decision,
        comment: comment || (decision === 'rejected' ? 'Not like this' : ''),
      }),
    approvals: (id: string, who = 'bob') =>
      call('get', `/releases/${id}/approvals`, who),
    review: (id: string, who: string, outcome = 'successful') =>
      call('post', `/releases/${id}/review`, who, {
        outcome,
        wentWell: 'It went out',
        wentWrong: '',
      }),
    report: (
      body: Partial<{
        entityRef: string;
        environment: string;
        version: string;
        status: string;
        source: string;
        externalId: string;
        deployedAt: string;
        releaseId: string;
      }>,
      who = pipelineHeader(),
    ) =>
      call('post', '/deployments', who, {
        entityRef: 'component:default/payments-api',
        environment: 'production',
        version: '3.0.0',
        status: 'succeeded',
        source: 'github-actions',
        externalId: `run-${Math.random().toString(36).slice(2)}`,
        ...body,
      }),
    gate: (
      query: { entityRef?: string; environment?: string; version?: string },
      who = pipelineHeader(),
    ) =>
      call(
        'get',
        `/gate?${new URLSearchParams({
          entityRef: 'component:default/payments-api',
          environment: 'production',
          ...query,
        })}`,
        who,
      ),
  };
  return api;
}
