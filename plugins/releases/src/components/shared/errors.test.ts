import { ResponseError } from '@backstage/errors';
import { errorMessage, staleRevisionOf } from './errors';

function failure(status: number, body: unknown) {
  return ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status,
      statusText: 'Conflict',
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

const stale = {
  error: {
    name: 'ConflictError',
    message:
      'revision: release r1 is at revision 5, not 4; reload it and apply your change again',
  },
};

describe('staleRevisionOf', () => {
  it('reads the current revision from a standard error body', async () => {
    const error = await failure(409, {
      ...stale,
      response: { statusCode: 409 },
      currentRevision: 5,
    });
    expect(staleRevisionOf(error)).toEqual({ currentRevision: 5 });
    expect(errorMessage(error)).toMatch(/^revision: release r1/);
  });

  it('reads it from the message when the body lacks `response`', async () => {
    const error = await failure(409, { ...stale, currentRevision: 5 });
    expect(staleRevisionOf(error)).toEqual({ currentRevision: 5 });
  });

  it('is undefined for other conflicts and other statuses', async () => {
    const closed = await failure(409, {
      error: { name: 'ConflictError', message: 'release r1 is closed' },
      response: { statusCode: 409 },
    });
    expect(staleRevisionOf(closed)).toBeUndefined();
    expect(staleRevisionOf(await failure(400, stale))).toBeUndefined();
    expect(staleRevisionOf(new Error('revision'))).toBeUndefined();
  });
});
