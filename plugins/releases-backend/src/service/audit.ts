import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';

/**
 * Runs a mutation inside an auditor event: `success` with what it produced,
 * `fail` with the error, which is then rethrown for the error middleware.
 */
export async function audited<T>(
  auditor: AuditorService,
  options: { eventId: string; request?: Request; meta?: JsonObject },
  mutation: () => Promise<T>,
  describe: (result: T) => JsonObject,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId: options.eventId,
    severityLevel: 'medium',
    request: options.request,
    meta: options.meta,
  });
  try {
    const result = await mutation();
    await event.success({ meta: describe(result) });
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
