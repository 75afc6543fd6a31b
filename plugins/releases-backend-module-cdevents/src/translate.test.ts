import { purlVersion, translateCDEvent } from './translate';
import deployed from './__fixtures__/service-deployed.json';
import detected from './__fixtures__/incident-detected.json';

const options = { incidentSeverity: 'high' as const };
const ofType = (event: typeof deployed, type: string) => ({
  ...event,
  context: { ...event.context, type },
});

describe('translateCDEvent', () => {
  it('reads service.deployed as a succeeded deployment of the service', () => {
    expect(translateCDEvent(deployed, options)).toEqual([
      {
        type: 'deployment',
        subject: {
          annotations: [
            {
              key: 'releases.backstage-itsm.io/cdevents-service',
              value: 'service/cart-service',
            },
          ],
          name: 'cart-service',
        },
        deployment: {
          environment: 'production',
          version: '3.1.0',
          status: 'succeeded',
          externalId: '271069a8-fc18-44f1-b38f-9d70a1695819',
          reportedAt: '2026-11-30T10:00:05Z',
        },
      },
    ]);
  });

  it('reads service.upgraded and service.rolledback, and unwraps a structured CloudEvent', () => {
    expect(
      translateCDEvent(
        ofType(deployed, 'dev.cdevents.service.upgraded.0.2.0'),
        options,
      )[0],
    ).toMatchObject({ deployment: { status: 'succeeded' } });
    const rolledBack = ofType(
      deployed,
      'dev.cdevents.service.rolledback.0.2.0',
    );
    expect(
      translateCDEvent(
        {
          specversion: '1.0',
          id: rolledBack.context.id,
          source: rolledBack.context.source,
          type: rolledBack.context.type,
          datacontenttype: 'application/json',
          data: rolledBack,
        },
        options,
      )[0],
    ).toMatchObject({ deployment: { status: 'rolled_back' } });
  });

  it('opens an incident on incident.detected and resolves the same one on incident.resolved', () => {
    const [opened] = translateCDEvent(detected, options);
    expect(opened).toEqual({
      type: 'incident',
      subject: {
        annotations: [
          {
            key: 'releases.backstage-itsm.io/cdevents-service',
            value: 'service/cart-service',
          },
        ],
        name: 'cart-service',
      },
      incident: {
        environment: 'production',
        severity: 'high',
        title: 'Cart API p99 latency above 2s',
        externalId: '/monitoring/prod-eu-1#incident-4711',
        openedAt: '2026-11-30T10:20:00Z',
        resolvedAt: undefined,
        url: undefined,
      },
    });
    const [resolved] = translateCDEvent(
      {
        ...detected,
        context: {
          ...detected.context,
          id: 'a2f1',
          type: 'dev.cdevents.incident.resolved.0.2.0',
          timestamp: '2026-11-30T10:50:00Z',
        },
      },
      options,
    );
    expect(resolved).toMatchObject({
      incident: {
        externalId: '/monitoring/prod-eu-1#incident-4711',
        resolvedAt: '2026-11-30T10:50:00Z',
      },
    });
  });

  it('ignores other CDEvents and answers unmapped for what is not one', () => {
    expect(
      translateCDEvent(
        ofType(deployed, 'dev.cdevents.pipelinerun.finished.0.2.0'),
        options,
      ),
    ).toEqual([
      {
        type: 'ignored',
        reason:
          'pipelinerun.finished 271069a8-fc18-44f1-b38f-9d70a1695819 of service/cart-service: pipelinerun.finished events record nothing',
      },
    ]);
    expect(translateCDEvent({ hello: 'world' }, options)[0]).toMatchObject({
      type: 'unmapped',
    });
    expect(
      translateCDEvent(
        {
          ...deployed,
          subject: {
            ...deployed.subject,
            content: { environment: { id: 'production' } },
          },
        },
        options,
      )[0],
    ).toMatchObject({
      type: 'unmapped',
      reason:
        'the service.deployed event needs subject.content.environment.id and an artifactId with a version',
    });
  });

  it('reads versions from package URLs', () => {
    expect(purlVersion('pkg:npm/%40acme/cart@3.1.0')).toBe('3.1.0');
    expect(purlVersion('pkg:oci/cart@sha256%3Aabc')).toBe('sha256:abc');
    expect(purlVersion('pkg:golang/github.com/acme/cart')).toBeUndefined();
  });
});
