import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { ReleaseDetail } from '../ReleaseDetail';
import { makeApprovals, makeRule } from './__testUtils__/fixtures';
import { renderWithAlerts } from './__testUtils__/render';

const emergency = makeRelease({
  id: 'rel-9',
  title: 'Auth hotfix',
  type: 'emergency',
  phase: 'test',
});

const pendingEmergency = makeApprovals({
  releaseId: 'rel-9',
  policies: ['emergency'],
  rules: [
    makeRule({
      policy: 'emergency',
      key: 'emergency#0',
      group: 'group:default/release-managers',
      required: 1,
      given: 0,
      approvers: [],
    }),
  ],
  decisions: [],
  viewer: {
    canDecide: false,
    reason:
      'only members of group:default/release-managers may decide on this release',
  },
});

describe('Moving to Deploy', () => {
  it('asks an emergency release that is not approved to break glass with a reason', async () => {
    const api = fakeReleasesApi({
      getRelease: jest
        .fn()
        .mockResolvedValue({ ...emergency, approvals: pendingEmergency }),
      transitionRelease: jest.fn().mockResolvedValue(
        makeRelease({
          ...emergency,
          phase: 'deploy',
          breakGlass: {
            at: '2026-11-29T10:00:00Z',
            reason: 'Attack ongoing',
            by: 'user:default/guest',
            dueAt: null,
            owed: [],
          },
        }),
      ),
    });
    await renderWithAlerts(<ReleaseDetail releaseId="rel-9" />, {
      releasesApi: api,
    });
    const user = userEvent.setup();

    await user.click(
      await screen.findByRole('button', { name: 'Move to Deploy' }),
    );

    const dialog = await screen.findByRole('dialog', { name: 'Break glass' });
    expect(dialog).toHaveTextContent('marked as a break-glass deploy');
    const confirm = within(dialog).getByRole('button', {
      name: 'Break glass and deploy',
    });
    expect(confirm).toBeDisabled();
    expect(
      within(dialog).getByText('A reason is required to break glass.'),
    ).toBeInTheDocument();
    expect(api.transitionRelease).not.toHaveBeenCalled();

    await user.type(within(dialog).getByLabelText('Reason'), 'Attack ongoing');
    await user.click(confirm);

    await waitFor(() =>
      expect(api.transitionRelease).toHaveBeenCalledWith('rel-9', {
        to: 'deploy',
        reason: 'Attack ongoing',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('moves an approved emergency release without asking', async () => {
    const api = fakeReleasesApi({
      getRelease: jest.fn().mockResolvedValue({
        ...emergency,
        approvals: { ...pendingEmergency, status: 'approved' },
      }),
      transitionRelease: jest
        .fn()
        .mockResolvedValue(makeRelease({ ...emergency, phase: 'deploy' })),
    });
    await renderWithAlerts(<ReleaseDetail releaseId="rel-9" />, {
      releasesApi: api,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Move to Deploy' }),
    );

    await waitFor(() =>
      expect(api.transitionRelease).toHaveBeenCalledWith('rel-9', {
        to: 'deploy',
      }),
    );
    expect(screen.queryByRole('dialog', { name: 'Break glass' })).toBeNull();
  });

  it('explains the deploy gate when a release is not approved, and shows the release as it is now', async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'ConflictError',
            message:
              'to: cannot enter deploy before the release is approved; missing: cab-for-major: 2 of group:default/cab (1 given); cab-for-major: 1 of group:default/payments-team (0 given)',
          },
          response: { statusCode: 409 },
        }),
        { status: 409, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = fakeReleasesApi({
      getRelease: jest
        .fn()
        .mockResolvedValue(makeRelease({ type: 'major', phase: 'test' })),
      transitionRelease: jest.fn().mockRejectedValue(refusal),
    });
    await renderWithAlerts(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Move to Deploy' }),
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Not approved yet: the release cannot enter Deploy',
    );
    const missing = within(alert).getAllByRole('listitem');
    expect(missing.map(item => item.textContent)).toEqual([
      'cab-for-major: 2 of group:default/cab (1 given)',
      'cab-for-major: 1 of group:default/payments-team (0 given)',
    ]);
    expect(alert).toHaveTextContent(
      'The page now shows the release as it is now.',
    );
    // Refused with 409: the page asked for the release again.
    await waitFor(() => expect(api.getRelease).toHaveBeenCalledTimes(2));
  });
});
