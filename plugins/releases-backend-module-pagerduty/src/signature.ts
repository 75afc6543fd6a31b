import { LoggerService } from '@backstage/backend-plugin-api';
import { RequestValidator } from '@backstage/plugin-events-node';
import { sameSecret } from '@backstage-itsm/plugin-releases-node';
import { createHmac } from 'node:crypto';

/**
 * Checks PagerDuty's v3 webhook signature: `X-PagerDuty-Signature` lists
 * `v1=<hex>` signatures (several while a secret rotates), each the
 * HMAC-SHA256 of the raw body with a subscription's secret. A request is let
 * through when one of them matches one of the secrets; otherwise it is
 * refused (403) and logged.
 *
 * @public
 */
export function createPagerDutySignatureValidator(options: {
  secrets: string[];
  logger: LoggerService;
}): RequestValidator {
  return async (request, context) => {
    const header = request.headers['x-pagerduty-signature'];
    const given = (Array.isArray(header) ? header.join(',') : header ?? '')
      .split(',')
      .map(s => s.trim())
      .filter(s => s.startsWith('v1='))
      .map(s => s.slice(3));
    const expected = options.secrets.map(secret =>
      createHmac('sha256', secret).update(request.raw.body).digest('hex'),
    );
    if (given.some(g => expected.some(e => sameSecret(g, e)))) {
      return;
    }
    options.logger.warn(
      `Refused a PagerDuty webhook: ${
        given.length
          ? 'no signature matches a configured secret'
          : 'it carries no v1 signature'
      }`,
    );
    context.reject({ status: 403, payload: { message: 'invalid signature' } });
  };
}
