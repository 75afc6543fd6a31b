import { translatePagerDutyWebhook } from './translate';
import triggered from './__fixtures__/incident-triggered.json';

const ofType = (type: string, data: object = {}) => ({
  event: {
    ...triggered.event,
    event_type: type,
    data: { ...triggered.event.data, ...data },
  },
});

describe('translatePagerDutyWebhook', () => {
  it('opens an incident of the service when it is triggered', () => {
    expect(translatePagerDutyWebhook(triggered)).toEqual([
      {
        type: 'incident',
        subject: {
          annotations: [{ key: 'pagerduty.com/service-id', value: 'PF9KMXH' }],
        },
        incident: {
          environment: undefined,
          severity: 'critical',
          title: 'Card captures time out',
          externalId: 'acme.pagerduty.com/incidents/PGR0VU2',
          openedAt: '2026-11-30T10:20:00Z',
          resolvedAt: undefined,
          url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
        },
      },
    ]);
  });

  it('resolves the same incident, in the configured environment', () => {
    const resolved = {
      event: {
        ...ofType('incident.resolved', { status: 'resolved' }).event,
        occurred_at: '2026-11-30T10:58:00.000Z',
      },
    };
    expect(
      translatePagerDutyWebhook(resolved, { environment: 'production' })[0],
    ).toMatchObject({
      incident: {
        environment: 'production',
        externalId: 'acme.pagerduty.com/incidents/PGR0VU2',
        openedAt: '2026-11-30T10:20:00Z',
        resolvedAt: '2026-11-30T10:58:00.000Z',
      },
    });
  });

  it('takes the severity from the priority, else the urgency', () => {
    const severity = (data: object) =>
      (translatePagerDutyWebhook(ofType('incident.triggered', data))[0] as any)
        .incident.severity;
    expect(severity({ priority: { summary: 'P3' } })).toBe('medium');
    expect(severity({ priority: null, urgency: 'low' })).toBe('low');
    expect(severity({ priority: null, urgency: 'high' })).toBe('high');
  });

  it('ignores incident events that change nothing recorded, and answers unmapped for what it cannot read', () => {
    expect(translatePagerDutyWebhook(ofType('incident.acknowledged'))).toEqual([
      {
        type: 'ignored',
        reason:
          'incident.acknowledged PGR0VU2 Card captures time out: incident.acknowledged changes nothing recorded',
      },
    ]);
    expect(translatePagerDutyWebhook({ messages: [] })[0]).toMatchObject({
      type: 'unmapped',
    });
    expect(
      translatePagerDutyWebhook(
        ofType('incident.triggered', { service: {} }),
      )[0],
    ).toMatchObject({
      type: 'unmapped',
      reason: 'the incident has no id, service.id or created_at',
    });
  });
});
