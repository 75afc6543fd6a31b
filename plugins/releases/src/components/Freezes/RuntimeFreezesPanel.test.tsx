import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { RuntimeFreeze } from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi, pageOf } from '../../__testUtils__/fixtures';
import { releasesApiRef } from '../../api';
import { RuntimeFreezesPanel } from './RuntimeFreezesPanel';

function makeFreeze(overrides: Partial<RuntimeFreeze> = {}): RuntimeFreeze {
  return {
    id: 'frz-1',
    name: 'Payments incident',
    reason: 'Card payments fail since the last deploy',
    environments: ['production'],
    allow: ['emergency'],
    startsAt: '2026-11-30T20:00:00Z',
    endsAt: null,
    declaredBy: 'user:default/dana',
    declaredAt: '2026-11-30T20:00:00Z',
    liftedBy: null,
    liftedAt: null,
    liftReason: null,
    state: 'active',
    ...overrides,
  };
}

function permissionApi(allowed: boolean) {
  return {
    authorize: jest.fn().mockResolvedValue({
      result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    }),
    authorizeConditional: jest.fn(),
  };
}

async function renderPanel(
  api: ReturnType<typeof fakeReleasesApi>,
  allowed: boolean,
  onChange = jest.fn(),
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [releasesApiRef, api],
        [permissionApiRef, permissionApi(allowed)],
      ]}
    >
      <RuntimeFreezesPanel onChange={onChange} />
    </TestApiProvider>,
  );
  return onChange;
}

describe('RuntimeFreezesPanel', () => {
  it('declares an open-ended freeze now for the gated environments', async () => {
    const user = userEvent.setup();
    const api = fakeReleasesApi({
      listFreezes: jest
        .fn()
        .mockResolvedValueOnce(pageOf([]))
        .mockResolvedValue(pageOf([makeFreeze()])),
      declareFreeze: jest.fn().mockResolvedValue(makeFreeze()),
    });
    const onChange = await renderPanel(api, true);

    await user.click(
      await screen.findByRole('button', { name: 'Stop the line' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Stop the line' });
    const submit = within(dialog).getByRole('button', {
      name: 'Stop deployments',
    });
    expect(submit).toBeDisabled();
    // Gated environments are chosen by default, emergencies still pass.
    expect(
      await within(dialog).findByRole('checkbox', { name: 'Production' }),
    ).toBeChecked();
    expect(
      within(dialog).getByRole('checkbox', { name: 'Staging' }),
    ).not.toBeChecked();
    expect(
      within(dialog).getByRole('checkbox', { name: 'Emergency' }),
    ).toBeChecked();

    await user.type(
      within(dialog).getByRole('textbox', { name: 'Name' }),
      'Payments incident',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Reason' }),
      'Card payments fail since the last deploy',
    );
    await user.click(within(dialog).getByRole('checkbox', { name: 'Staging' }));
    await user.click(submit);

    expect(api.declareFreeze).toHaveBeenCalledWith({
      name: 'Payments incident',
      reason: 'Card payments fail since the last deploy',
      environments: ['production', 'staging'],
      allow: ['emergency'],
      endsAt: null,
    });
    expect(
      await screen.findByText(
        '"Payments incident" is in force: deployments to Production are stopped.',
      ),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenCalled();
    expect(
      await screen.findByRole('listitem', { name: 'Payments incident' }),
    ).toBeInTheDocument();
  });

  it('sends a later start and an end, and shows why the backend refused', async () => {
    const user = userEvent.setup();
    const api = fakeReleasesApi({
      declareFreeze: jest.fn().mockRejectedValue(
        await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'InputError',
                message: 'endsAt must be after startsAt and in the future',
              },
              response: { statusCode: 400 },
            }),
            { status: 400, headers: { 'Content-Type': 'application/json' } },
          ),
        ),
      ),
    });
    await renderPanel(api, true);

    await user.click(
      await screen.findByRole('button', { name: 'Stop the line' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Stop the line' });
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Name' }),
      'Year-end',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Reason' }),
      'Closing the books',
    );
    await user.click(within(dialog).getByRole('radio', { name: 'Later' }));
    await user.type(within(dialog).getByLabelText('Start'), '2026-12-28T18:00');
    await user.click(
      within(dialog).getByRole('radio', { name: 'At a given time' }),
    );
    await user.type(within(dialog).getByLabelText('End'), '2027-01-02T08:00');
    await user.click(
      within(dialog).getByRole('checkbox', { name: 'Emergency' }),
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Stop deployments' }),
    );

    const request = api.declareFreeze.mock.calls[0][0];
    expect(request.allow).toEqual([]);
    expect(Date.parse(request.startsAt!)).toBe(
      new Date(2026, 11, 28, 18, 0).getTime(),
    );
    expect(Date.parse(request.endsAt!)).toBe(
      new Date(2027, 0, 2, 8, 0).getTime(),
    );
    expect(
      await within(dialog).findByText(
        'endsAt must be after startsAt and in the future',
      ),
    ).toBeInTheDocument();
  });

  it('lifts a freeze', async () => {
    const user = userEvent.setup();
    const api = fakeReleasesApi({
      listFreezes: jest
        .fn()
        .mockResolvedValueOnce(pageOf([makeFreeze()]))
        .mockResolvedValue(pageOf([])),
      liftFreeze: jest.fn().mockResolvedValue(makeFreeze({ state: 'lifted' })),
    });
    await renderPanel(api, true);

    await user.click(
      await screen.findByRole('button', { name: 'Lift Payments incident' }),
    );
    const dialog = screen.getByRole('dialog');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Reason' }),
      'Fixed by 2.4.1',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Lift freeze' }),
    );
    expect(api.liftFreeze).toHaveBeenCalledWith('frz-1', 'Fixed by 2.4.1');
    expect(
      await screen.findByText(
        '"Payments incident" is lifted: deployments may proceed.',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('listitem', { name: 'Payments incident' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('shows freezes without the actions to users who may not manage them', async () => {
    const api = fakeReleasesApi({
      listFreezes: jest.fn().mockResolvedValue(pageOf([makeFreeze()])),
    });
    await renderPanel(api, false);

    expect(
      await screen.findByRole('listitem', { name: 'Payments incident' }),
    ).toHaveTextContent('Card payments fail since the last deploy');
    expect(
      screen.queryByRole('button', { name: 'Stop the line' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Lift/ }),
    ).not.toBeInTheDocument();
  });
});
