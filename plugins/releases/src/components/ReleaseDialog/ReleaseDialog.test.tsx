import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleaseDialog } from './ReleaseDialog';

async function errorResponse(
  status: number,
  name: string,
  message: string,
  fields?: { field: string; message: string }[],
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message, fields },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

/** Pastes instead of typing key by key: MUI inputs re-render on every key. */
async function fill(
  user: ReturnType<typeof userEvent.setup>,
  label: string,
  value: string,
) {
  const input = screen.getByLabelText(label);
  await user.clear(input);
  await user.click(input);
  await user.paste(value);
}

function setDateTime(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** Local wall-clock time → the ISO UTC string the API should receive. */
function utc(local: string) {
  return new Date(local).toISOString().replace('.000Z', 'Z');
}

describe('ReleaseDialog', () => {
  it('shows field messages and sends nothing when the form is invalid', async () => {
    const api = fakeReleasesApi();
    await renderWithApis(
      <ReleaseDialog open onClose={jest.fn()} onSaved={jest.fn()} />,
      { releasesApi: api },
    );

    expect(screen.getByText('Plan a release')).toBeInTheDocument();
    setDateTime('Planned start', '2026-12-02T09:00');
    setDateTime('Planned end', '2026-12-01T17:00');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));

    expect(await screen.findByText('Title is required')).toBeInTheDocument();
    expect(
      screen.getByText('Planned end must be after planned start'),
    ).toBeInTheDocument();
    expect(screen.getByText('Owner is required')).toBeInTheDocument();
    expect(
      screen.getByText('Choose at least one component'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(api.createRelease).not.toHaveBeenCalled();
  });

  it('creates a release with ISO UTC dates from the local inputs', async () => {
    const created = makeRelease({ id: 'new-1' });
    const api = fakeReleasesApi({
      createRelease: jest.fn().mockResolvedValue(created),
    });
    const onSaved = jest.fn();
    await renderWithApis(
      <ReleaseDialog open onClose={jest.fn()} onSaved={onSaved} />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    await fill(user, 'Title', 'Ledger 5.0');
    await user.selectOptions(screen.getByLabelText('Type'), 'major');
    await fill(user, 'Description', 'New schema');
    setDateTime('Planned start', '2026-12-01T09:00');
    setDateTime('Planned end', '2026-12-03T17:30');
    await fill(user, 'Owner', 'payments-team');
    // Open the list first so the catalog has answered before typing; then
    // wait for the filtered list, so no re-render moves another option under
    // the click.
    await screen.findByRole('checkbox', { name: 'production' });
    await user.click(screen.getByLabelText('Components'));
    await screen.findByRole('option', { name: /Ledger Service/ });
    await user.paste('ledger');
    await waitFor(
      () =>
        expect(
          within(screen.getByRole('listbox'))
            .getAllByRole('option')
            .map(option => option.textContent),
        ).toEqual([expect.stringMatching(/Ledger Service/)]),
      // The filtered list can take longer than a second on a busy machine.
      { timeout: 5000 },
    );
    await user.click(screen.getByRole('option', { name: /Ledger Service/ }));
    await fill(user, 'Version', '5.0.0');
    await user.click(
      await screen.findByRole('checkbox', { name: 'production' }),
    );
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
    expect(api.createRelease).toHaveBeenCalledWith({
      title: 'Ledger 5.0',
      description: 'New schema',
      type: 'major',
      plannedStart: utc('2026-12-01T09:00'),
      plannedEnd: utc('2026-12-03T17:30'),
      owner: 'group:default/payments-team',
      components: [
        { entityRef: 'component:default/ledger-service', version: '5.0.0' },
      ],
      environments: ['production'],
    });
  });

  it('starts from the prefill and puts server messages under the fields they name', async () => {
    const api = fakeReleasesApi({
      createRelease: jest.fn().mockRejectedValue(
        await errorResponse(400, 'InputError', 'The request is invalid', [
          {
            field: 'components.0.entityRef',
            message: 'names a component that is not in the catalog',
          },
          { field: 'plannedStart', message: 'must not be in a freeze window' },
        ]),
      ),
    });
    await renderWithApis(
      <ReleaseDialog
        open
        prefill={{
          owner: 'group:default/payments-team',
          components: [
            { entityRef: 'component:default/payments-api', version: '' },
          ],
        }}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    await waitFor(() =>
      expect(screen.getByLabelText('Owner')).toHaveValue('Payments Team'),
    );
    expect(
      screen.getByRole('textbox', { name: 'Version of Payments API' }),
    ).toBeInTheDocument();
    await fill(user, 'Title', 'Hotfix');
    setDateTime('Planned start', '2026-12-01T09:00');
    setDateTime('Planned end', '2026-12-01T10:00');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    expect(
      await screen.findByText('names a component that is not in the catalog'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Planned start must not be in a freeze window'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Planned start')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.queryByText('The request is invalid')).toBeNull();

    // Correcting a field takes its message away.
    setDateTime('Planned start', '2026-12-02T09:00');
    await waitFor(() =>
      expect(
        screen.queryByText('Planned start must not be in a freeze window'),
      ).toBeNull(),
    );
    expect(
      screen.getByText('names a component that is not in the catalog'),
    ).toBeInTheDocument();
  });

  it('takes each field message away as the field is corrected', async () => {
    const api = fakeReleasesApi();
    await renderWithApis(
      <ReleaseDialog open onClose={jest.fn()} onSaved={jest.fn()} />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    setDateTime('Planned start', '2026-12-02T09:00');
    setDateTime('Planned end', '2026-12-01T17:00');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Title is required')).toBeInTheDocument();

    await fill(user, 'Title', 'Ledger 5.0');
    await waitFor(() =>
      expect(screen.queryByText('Title is required')).toBeNull(),
    );
    expect(screen.getByLabelText('Title')).not.toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      screen.getByText('Planned end must be after planned start'),
    ).toBeInTheDocument();

    setDateTime('Planned end', '2026-12-02T17:00');
    await waitFor(() =>
      expect(
        screen.queryByText('Planned end must be after planned start'),
      ).toBeNull(),
    );
    expect(api.createRelease).not.toHaveBeenCalled();
  });

  it('shows any other server error in the dialog', async () => {
    const api = fakeReleasesApi({
      createRelease: jest
        .fn()
        .mockRejectedValue(
          await errorResponse(500, 'Error', 'database is down'),
        ),
    });
    await renderWithApis(
      <ReleaseDialog
        open
        prefill={{
          title: 'Hotfix',
          plannedStart: '2026-12-01T09:00',
          plannedEnd: '2026-12-01T10:00',
          owner: 'group:default/payments-team',
          components: [
            { entityRef: 'component:default/payments-api', version: '' },
          ],
        }}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { releasesApi: api },
    );

    await userEvent.click(screen.getByRole('button', { name: 'Create' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'database is down',
    );
    expect(screen.getByText('Plan a release')).toBeInTheDocument();
  });

  it('saves only the changed fields with the revision it read', async () => {
    const release = makeRelease({ revision: 4 });
    const api = fakeReleasesApi();
    const onSaved = jest.fn();
    await renderWithApis(
      <ReleaseDialog
        open
        release={release}
        onClose={jest.fn()}
        onSaved={onSaved}
      />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    expect(screen.getByText('Edit release')).toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toHaveValue('Payments 2.4');
    expect(screen.getByLabelText('Version')).toHaveValue('2.4.0');
    await fill(user, 'Title', 'Payments 2.5');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(api.updateRelease).toHaveBeenCalledWith('rel-1', {
      title: 'Payments 2.5',
      revision: 4,
    });
  });

  it('explains a stale revision and reloads the current release', async () => {
    const current = makeRelease({ title: 'Renamed by Bob', revision: 5 });
    const api = fakeReleasesApi({
      updateRelease: jest
        .fn()
        .mockRejectedValue(
          await errorResponse(
            409,
            'ConflictError',
            'revision: release rel-1 is at revision 5, not 4',
          ),
        ),
      getRelease: jest.fn().mockResolvedValue(current),
    });
    await renderWithApis(
      <ReleaseDialog
        open
        release={makeRelease({ revision: 4 })}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Title'), '!');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText(/Someone else changed this release/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reload' }));

    await waitFor(() =>
      expect(screen.getByLabelText('Title')).toHaveValue('Renamed by Bob'),
    );
    expect(screen.queryByText(/Someone else changed/)).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Title'), '!');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateRelease).toHaveBeenLastCalledWith('rel-1', {
        title: 'Renamed by Bob!',
        revision: 5,
      }),
    );
  });
});
