import { translateSyncNotification } from './translate';
import fixture from './__fixtures__/sync-succeeded.json';

describe('translateSyncNotification', () => {
  it('reads a finished sync of the documented template', () => {
    expect(translateSyncNotification(fixture)).toEqual([
      {
        type: 'deployment',
        subject: {
          annotations: [{ key: 'argocd/app-name', value: 'payments-api-prod' }],
        },
        deployment: {
          environment: 'production',
          version: '2.6.0',
          status: 'succeeded',
          externalId: 'argocd/payments-api-prod@2026-11-30T10:00:00Z',
          reportedAt: '2026-11-30T10:01:12.000Z',
          committedAt: '2026-11-30T08:12:00.000Z',
          commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
          url: 'https://argocd.example.com/applications/argocd/payments-api-prod',
        },
      },
    ]);
  });

  it.each([
    ['Running', 'in_progress'],
    ['Failed', 'failed'],
    ['Error', 'failed'],
    ['Terminating', 'cancelled'],
  ])('maps the phase %s to %s under the same operation', (phase, status) => {
    expect(translateSyncNotification({ ...fixture, phase })[0]).toMatchObject({
      deployment: {
        status,
        externalId: 'argocd/payments-api-prod@2026-11-30T10:00:00Z',
      },
    });
  });

  it("reads Go's default time format, and falls back to the revision without a version annotation", () => {
    expect(
      translateSyncNotification({
        ...fixture,
        version: '<no value>',
        finishedAt: '',
        commitTime: '2026-11-30 08:12:00 +0100 CET',
      })[0],
    ).toMatchObject({
      deployment: {
        version: '9fceb02',
        reportedAt: '2026-11-30T10:00:00.000Z',
        committedAt: '2026-11-30T07:12:00.000Z',
      },
    });
  });

  it('answers unmapped, with the reason, for what it cannot read', () => {
    expect(
      translateSyncNotification({ ...fixture, environment: '<no value>' })[0],
    ).toMatchObject({
      type: 'unmapped',
      reason: 'the Application payments-api-prod has no environment label',
    });
    expect(
      translateSyncNotification({ ...fixture, phase: 'Dancing' })[0],
    ).toMatchObject({
      type: 'unmapped',
      reason: 'the sync phase "Dancing" is not one Argo CD documents',
    });
    expect(translateSyncNotification({ message: 'hello' })).toEqual([
      {
        type: 'unmapped',
        reason:
          'not a notification of the backstage-deployment template: it needs app and startedAt',
      },
    ]);
  });
});
