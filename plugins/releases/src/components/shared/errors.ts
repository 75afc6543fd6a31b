import { ResponseError } from '@backstage/errors';

function asResponseError(error: unknown): ResponseError | undefined {
  if (
    error &&
    typeof error === 'object' &&
    (error as Error).name === 'ResponseError' &&
    typeof (error as ResponseError).statusCode === 'number'
  ) {
    return error as ResponseError;
  }
  return undefined;
}

export function responseStatus(error: unknown): number | undefined {
  return asResponseError(error)?.statusCode;
}

/** Whether the backend answered 404 (or the error says it found nothing). */
export function isNotFound(error: unknown): boolean {
  return (
    responseStatus(error) === 404 ||
    (error instanceof Error && error.name === 'NotFoundError')
  );
}

/**
 * The bad fields a 400 names, `{ field: message }`, from the error body's
 * `error.fields`; empty when the backend named none.
 */
export function errorFields(error: unknown): Record<string, string> {
  const body = asResponseError(error)?.body as
    | { error?: { fields?: unknown } }
    | undefined;
  const fields = body?.error?.fields;
  const result: Record<string, string> = {};
  if (!Array.isArray(fields)) {
    return result;
  }
  for (const entry of fields) {
    const { field, message } = (entry ?? {}) as {
      field?: unknown;
      message?: unknown;
    };
    if (typeof field === 'string' && typeof message === 'string') {
      result[field] = result[field] ? `${result[field]}; ${message}` : message;
    }
  }
  return result;
}

/** The server's own message where there is one, else the error's. */
export function errorMessage(error: unknown): string {
  const response = asResponseError(error);
  const serverMessage = response?.body?.error?.message;
  if (serverMessage) {
    return serverMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether an error is a 409 to a PATCH that carried a stale revision, and the
 * current revision where the answer names it. Reads `StaleRevisionErrorBody`
 * when the body kept its shape, else the message (`… is at revision 5 …`).
 */
export function staleRevisionOf(
  error: unknown,
): { currentRevision?: number } | undefined {
  const response = asResponseError(error);
  if (response?.statusCode !== 409) {
    return undefined;
  }
  const body = response.body as unknown as { currentRevision?: unknown };
  if (typeof body?.currentRevision === 'number') {
    return { currentRevision: body.currentRevision };
  }
  const message = errorMessage(error);
  if (!/revision/i.test(message)) {
    return undefined;
  }
  const named = /at revision (\d+)/.exec(message);
  return { currentRevision: named ? Number(named[1]) : undefined };
}
