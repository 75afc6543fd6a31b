import { ResponseError } from '@backstage/errors';
import { ReleasesClient } from './ReleasesClient';

const baseUrl = 'http://localhost:7007/api/releases';

/** A fresh response per request, as a real server gives. */
function jsonResponse(status: number, body: unknown): () => Response {
  return () =>
    new Response(JSON.stringify(body), {
      status,
      statusText: status < 400 ? 'OK' : 'Error',
      headers: { 'Content-Type': 'application/json' },
    });
}

function setup(respond: () => Response = jsonResponse(200, {})) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => respond());
  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const client = new ReleasesClient({
    discoveryApi,
    // The client only ever passes a URL string.
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch, discoveryApi };
}

describe('ReleasesClient', () => {
  it('lists releases with every filter in the query string', async () => {
    const page = { items: [], totalCount: 0, limit: 20, offset: 40 };
    const { client, fetch, discoveryApi } = setup(jsonResponse(200, page));

    await expect(
      client.listReleases({
        system: 'system:default/payments',
        type: ['major', 'emergency'],
        phase: ['plan'],
        q: 'ledger',
        order: 'asc',
        limit: 20,
        offset: 40,
      }),
    ).resolves.toEqual(page);

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('releases');
    const url = new URL(fetch.mock.calls[0][0]);
    expect(`${url.origin}${url.pathname}`).toBe(`${baseUrl}/releases`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      system: 'system:default/payments',
      type: 'major,emergency',
      phase: 'plan',
      q: 'ledger',
      order: 'asc',
      limit: '20',
      offset: '40',
    });
    expect(fetch.mock.calls[0][1]?.method).toBe('GET');
  });

  it('leaves out empty filters', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { items: [], totalCount: 0, limit: 20, offset: 0 }),
    );
    await client.listReleases({ type: [], q: '' });
    expect(fetch.mock.calls[0][0]).toBe(`${baseUrl}/releases`);
  });

  it('posts a new release as JSON', async () => {
    const { client, fetch } = setup(jsonResponse(201, { id: 'r1' }));
    const request = {
      title: 'Payments 2.4',
      type: 'minor' as const,
      plannedStart: '2026-12-01T09:00:00Z',
      plannedEnd: '2026-12-01T17:00:00Z',
      owner: 'group:default/payments-team',
      components: [{ entityRef: 'component:default/payments-api' }],
    };

    await expect(client.createRelease(request)).resolves.toEqual({ id: 'r1' });

    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/releases`);
    expect(init?.method).toBe('POST');
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(String(init?.body))).toEqual(request);
  });

  it('patches, transitions and reads events under the escaped release id', async () => {
    const { client, fetch } = setup();
    await client.updateRelease('a/b', { title: 'New', revision: 3 });
    await client.transitionRelease('a/b', { to: 'plan', reason: 'Scope' });
    await client.listReleaseEvents('a/b', { order: 'desc', limit: 50 });
    await client.getRelease('a/b');
    await client.listEnvironments();

    const calls = fetch.mock.calls.map(([url, init]) => [init?.method, url]);
    expect(calls).toEqual([
      ['PATCH', `${baseUrl}/releases/a%2Fb`],
      ['POST', `${baseUrl}/releases/a%2Fb/transitions`],
      ['GET', `${baseUrl}/releases/a%2Fb/events?limit=50&order=desc`],
      ['GET', `${baseUrl}/releases/a%2Fb`],
      ['GET', `${baseUrl}/environments`],
    ]);
    expect(JSON.parse(String(fetch.mock.calls[0][1]?.body))).toEqual({
      title: 'New',
      revision: 3,
    });
    expect(JSON.parse(String(fetch.mock.calls[1][1]?.body))).toEqual({
      to: 'plan',
      reason: 'Scope',
    });
  });

  it('throws a ResponseError carrying the server message', async () => {
    const { client } = setup(
      jsonResponse(400, {
        error: { name: 'InputError', message: 'title: is required' },
        response: { statusCode: 400 },
      }),
    );

    const error = await client
      .createRelease({} as any)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).statusCode).toBe(400);
    expect((error as ResponseError).body.error.message).toBe(
      'title: is required',
    );
  });

  it('throws on a 404 too', async () => {
    const { client } = setup(
      jsonResponse(404, {
        error: { name: 'NotFoundError', message: 'release nope not found' },
        response: { statusCode: 404 },
      }),
    );
    await expect(client.getRelease('nope')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
  });
});
