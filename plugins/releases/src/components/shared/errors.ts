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
