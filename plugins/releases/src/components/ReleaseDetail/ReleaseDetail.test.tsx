import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  fakeReleasesApi,
  makeEvent,
  makeRelease,
  pageOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { fakeSignalApi } from '../../__testUtils__/signals';
import { ReleaseDetail } from './ReleaseDetail';

describe('ReleaseDetail', () => {
  it('shows the release and offers only the legal moves from Plan', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue(makeRelease({ phase: 'plan' })),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    expect(
      await screen.findByRole('heading', { name: 'Payments 2.4' }),
    ).toBeInTheDocument();
    expect(api.getRelease).toHaveBeenCalledWith('rel-1');
    expect(screen.getByText('staging, production')).toBeInTheDocument();
    expect(screen.getByText(/→ 2\.4\.0/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Payments Team' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Move to Design' }),
    ).toBeEnabled();
    expect(
      screen.getByRole('button', { name: 'Cancel release' }),
    ).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: /^Back to/ })).toBeNull();
    expect(
      screen.queryByRole('button', { name: /^Move to (?!Design)/ }),
    ).toBeNull();
  });

  it('moves a release forward and shows its new phase', async () => {
    const api = fakeReleasesApi({
      getRelease: jest
        .fn()
        .mockResolvedValueOnce(makeRelease({ phase: 'plan' }))
        .mockResolvedValue(makeRelease({ phase: 'design', revision: 2 })),
      transitionRelease: jest
        .fn()
        .mockResolvedValue(makeRelease({ phase: 'design', revision: 2 })),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Move to Design' }),
    );

    expect(api.transitionRelease).toHaveBeenCalledWith('rel-1', {
      to: 'design',
    });
    expect(
      await screen.findByRole('button', { name: 'Back to Plan' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Move to Build' })).toBeEnabled();
  });

  it('asks for a reason before stepping back', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue(makeRelease({ phase: 'design' })),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });
    const user = userEvent.setup();

    await user.click(
      await screen.findByRole('button', { name: 'Back to Plan' }),
    );

    const dialog = screen.getByRole('dialog', { name: 'Back to Plan' });
    const confirm = within(dialog).getByRole('button', { name: 'Confirm' });
    expect(confirm).toBeDisabled();
    expect(
      within(dialog).getByText('A reason is required to step a release back.'),
    ).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Reason'), 'Scope changed');
    expect(confirm).toBeEnabled();
    await user.click(confirm);

    await waitFor(() =>
      expect(api.transitionRelease).toHaveBeenCalledWith('rel-1', {
        to: 'plan',
        reason: 'Scope changed',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows why the server refused a move', async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message:
              'cannot move from plan to build; legal moves: design, cancelled',
          },
          response: { statusCode: 409 },
        }),
        { status: 409, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = fakeReleasesApi({
      transitionRelease: jest.fn().mockRejectedValue(refusal),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Move to Design' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'legal moves: design, cancelled',
    );
  });

  it('offers no moves for a cancelled release and says where it stopped', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue(
        makeRelease({
          phase: 'cancelled',
          actualEnd: '2026-12-02T10:00:00Z',
        }),
      ),
      listReleaseEvents: jest.fn().mockResolvedValue(
        pageOf([
          makeEvent({
            id: 'e2',
            type: 'transitioned',
            at: '2026-12-02T10:00:00Z',
            changes: { phase: { before: 'build', after: 'cancelled' } },
          }),
        ]),
      ),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    expect(
      await screen.findByText(/This release was cancelled/),
    ).toBeInTheDocument();
    expect(await screen.findByText('Cancelled here')).toBeInTheDocument();
    expect(
      screen.getByText(/cancelled the release in Build/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', {
        name: /Move to|Back to|Cancel release|Edit/,
      }),
    ).toBeNull();
  });

  it('lists the history newest first with sentences, reasons and changes', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue(makeRelease({ phase: 'design' })),
      listReleaseEvents: jest.fn().mockResolvedValue(
        pageOf([
          makeEvent({
            id: 'e1',
            type: 'created',
            at: '2026-11-20T10:00:00Z',
          }),
          makeEvent({
            id: 'e3',
            type: 'updated',
            actor: 'user:default/bob',
            at: '2026-11-22T10:00:00Z',
            changes: {
              title: { before: 'Payments 2.3', after: 'Payments 2.4' },
            },
          }),
          makeEvent({
            id: 'e2',
            type: 'transitioned',
            actor: 'user:default/bob',
            at: '2026-11-21T10:00:00Z',
            reason: 'Design review booked',
            changes: { phase: { before: 'plan', after: 'design' } },
          }),
        ]),
      ),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    expect(
      await screen.findByRole('heading', { name: 'History' }),
    ).toBeInTheDocument();
    const history = await screen.findByRole('list', {
      name: 'Release history',
    });
    const items = within(history)
      .getAllByRole('listitem')
      .filter(item => item.parentElement === history);
    expect(items.map(item => item.textContent)).toEqual([
      expect.stringContaining('updated the release'),
      expect.stringContaining('moved the release from Plan to Design'),
      expect.stringContaining('created the release'),
    ]);
    expect(items[0]).toHaveTextContent('Title: Payments 2.3 → Payments 2.4');
    expect(items[1]).toHaveTextContent('Reason: Design review booked');
    expect(within(items[1]).getByRole('link', { name: 'bob' })).toHaveAttribute(
      'href',
      '/catalog/default/user/bob',
    );
    expect(api.listReleaseEvents).toHaveBeenCalledWith('rel-1', {
      order: 'desc',
      limit: 100,
    });
  });

  it('shows an error when the release cannot be read', async () => {
    const api = fakeReleasesApi({
      getRelease: jest
        .fn()
        .mockRejectedValue(new Error('release rel-9 not found')),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-9" />, {
      releasesApi: api,
    });

    expect(
      await screen.findByText('Error: release rel-9 not found'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('writes every kind of change as words, never as raw values or JSON', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue(makeRelease({ phase: 'closed' })),
      listReleaseEvents: jest.fn().mockResolvedValue(
        pageOf([
          makeEvent({
            id: 'e4',
            type: 'reviewed',
            changes: {
              outcome: { before: null, after: 'partially_successful' },
            },
          }),
          makeEvent({
            id: 'e5',
            type: 'updated',
            at: '2026-11-19T10:00:00Z',
            changes: {
              owner: {
                before: 'group:default/payments-team',
                after: 'group:default/cab',
              },
              components: {
                before: [{ entityRef: 'component:default/payments-api' }],
                after: [
                  {
                    entityRef: 'component:default/payments-api',
                    version: '2.5.0',
                  },
                ],
              },
              breakGlass: {
                before: null,
                after: {
                  at: '2026-11-19T10:00:00Z',
                  reason: 'Card fraud spike',
                },
              },
            },
          }),
        ]),
      ),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    const history = await screen.findByRole('list', {
      name: 'Release history',
    });
    expect(history).toHaveTextContent('reviewed the release');
    expect(history).toHaveTextContent('Outcome: (none) → Partially successful');
    expect(history).toHaveTextContent(
      'Owner: Payments Team → Change Advisory Board',
    );
    expect(history).toHaveTextContent(
      'Components: Payments API → Payments API 2.5.0',
    );
    expect(history).toHaveTextContent('Reason: Card fraud spike');
    expect(history).not.toHaveTextContent('partially_successful');
    expect(history).not.toHaveTextContent('group:default');
    expect(history).not.toHaveTextContent('{');
  });

  it('says the release was not found instead of showing the 404', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'NotFoundError', message: 'release not found' },
              response: { statusCode: 404 },
            }),
            { status: 404, headers: { 'Content-Type': 'application/json' } },
          ),
        ),
      ),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-9" />, {
      releasesApi: api,
    });

    expect(
      await screen.findByRole('heading', { name: 'Release not found' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All releases' })).toHaveAttribute(
      'href',
      '/releases',
    );
    expect(screen.queryByText(/404/)).toBeNull();
  });

  it('shows what another person changed as soon as the backend signals it', async () => {
    const signalApi = fakeSignalApi();
    const api = fakeReleasesApi({
      getRelease: jest
        .fn()
        .mockResolvedValueOnce(makeRelease({ phase: 'plan' }))
        .mockResolvedValue(makeRelease({ phase: 'design', revision: 2 })),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
      signalApi,
    });
    expect(
      await screen.findByRole('button', { name: 'Move to Design' }),
    ).toBeInTheDocument();
    expect(signalApi.channels()).toContain('releases:release:rel-1');

    signalApi.publish('releases:release:rel-1', { revision: 2 });

    expect(
      await screen.findByRole('button', { name: 'Move to Build' }),
    ).toBeInTheDocument();
    expect(api.getRelease).toHaveBeenCalledTimes(2);
    // Reloading keeps the page: no spinner in between.
    expect(screen.getByRole('heading', { name: 'Payments 2.4' })).toBeVisible();
    expect(api.listReleaseEvents).toHaveBeenCalledTimes(2);
  });
});
