import { ConfigReader } from '@backstage/config';
import {
  readAlertmanagerSettings,
  translateAlertNotification,
} from './translate';
import firing from './__fixtures__/firing.json';

const settings = readAlertmanagerSettings(new ConfigReader({}));
const [alert] = firing.alerts;
const withAlerts = (...alerts: object[]) => ({ ...firing, alerts });

describe('translateAlertNotification', () => {
  it('opens an incident per firing alert, keyed by fingerprint and start', () => {
    expect(translateAlertNotification(firing, settings)).toEqual([
      {
        type: 'incident',
        subject: {
          annotations: [
            {
              key: 'releases.backstage-itsm.io/alertmanager-service',
              value: 'payments-api',
            },
          ],
          name: 'payments-api',
        },
        incident: {
          environment: 'production',
          severity: 'critical',
          title: 'Payments API answers 5% of requests with errors',
          externalId: 'c4b6b6c4a0a8f2e1@2026-11-30T10:20:00.000Z',
          openedAt: '2026-11-30T10:20:00.000Z',
          resolvedAt: undefined,
          url: alert.generatorURL,
        },
      },
    ]);
  });

  it('resolves the same incident when the alert resolves', () => {
    const [resolved] = translateAlertNotification(
      withAlerts({
        ...alert,
        status: 'resolved',
        endsAt: '2026-11-30T10:45:00.000Z',
      }),
      settings,
    );
    expect(resolved).toMatchObject({
      incident: {
        externalId: 'c4b6b6c4a0a8f2e1@2026-11-30T10:20:00.000Z',
        resolvedAt: '2026-11-30T10:45:00.000Z',
      },
    });
  });

  it('maps severities, ignores informational alerts, and says which alerts it cannot map', () => {
    const labelled = (labels: Record<string, string | undefined>) => ({
      ...alert,
      labels: { ...alert.labels, ...labels },
    });
    const [warning, info, unlabelled, noService] = translateAlertNotification(
      withAlerts(
        labelled({ severity: 'warning' }),
        labelled({ severity: 'info' }),
        { ...alert, labels: { alertname: 'X', service: 'payments-api' } },
        { ...alert, labels: { alertname: 'Y', severity: 'critical' } },
      ),
      settings,
    );
    expect(warning).toMatchObject({ incident: { severity: 'medium' } });
    expect(info).toEqual({
      type: 'ignored',
      reason:
        'PaymentsHighErrorRate (firing) c4b6b6c4a0a8f2e1: its severity info is not an incident',
    });
    expect(unlabelled).toMatchObject({
      incident: {
        severity: 'medium',
        environment: undefined,
        title: 'Payments API answers 5% of requests with errors',
      },
    });
    expect(noService).toMatchObject({
      type: 'unmapped',
      reason: 'the alert has no service label naming its service',
    });
  });

  it('follows the configured labels and severities, and refuses a wrong severity at start-up', () => {
    const custom = readAlertmanagerSettings(
      new ConfigReader({
        releases: {
          events: {
            alertmanager: {
              serviceLabel: 'app',
              environmentLabels: ['cluster_env'],
              severities: { P1: 'critical', warning: 'ignore' },
              defaultSeverity: 'low',
            },
          },
        },
      }),
    );
    const [incident] = translateAlertNotification(
      withAlerts({
        ...alert,
        labels: {
          alertname: 'Z',
          app: 'cart-service',
          cluster_env: 'staging',
          severity: 'P1',
        },
      }),
      custom,
    );
    expect(incident).toMatchObject({
      subject: { name: 'cart-service' },
      incident: { environment: 'staging', severity: 'critical' },
    });
    expect(() =>
      readAlertmanagerSettings(
        new ConfigReader({
          releases: {
            events: { alertmanager: { severities: { p1: 'urgent' } } },
          },
        }),
      ),
    ).toThrow(
      'releases.events.alertmanager.severities.p1: "urgent" must be one of critical, high, medium, low or ignore',
    );
  });

  it('answers unmapped for a payload that is not a version 4 notification', () => {
    expect(translateAlertNotification({ version: '3' }, settings)).toEqual([
      {
        type: 'unmapped',
        reason:
          'not an Alertmanager webhook notification of version 4 (version 3)',
      },
    ]);
  });
});
