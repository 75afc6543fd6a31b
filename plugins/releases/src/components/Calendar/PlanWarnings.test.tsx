import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApiProvider } from '@backstage/test-utils';
import { alertApiRef } from '@backstage/core-plugin-api';
import { PlanningWarning } from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleaseDialog } from '../ReleaseDialog';

const freeze: PlanningWarning = {
  kind: 'freeze',
  window: 'Year-end freeze',
  message:
    'Year-end freeze (production) covers Dec 21, 09:00 – Dec 21, 17:00 and does not allow minor releases',
  overlap: { start: '2026-12-21T08:00:00Z', end: '2026-12-21T16:00:00Z' },
};
const collision: PlanningWarning = {
  kind: 'collision',
  releaseId: 'r-ledger',
  message: 'Collides with Ledger 5.0 on component:default/payments-api',
  overlap: { start: '2026-12-21T08:00:00Z', end: '2026-12-21T12:00:00Z' },
};

const prefill = {
  title: 'Payments 2.6',
  owner: 'group:default/payments-team',
  components: [{ entityRef: 'component:default/payments-api', version: '' }],
};

function utc(local: string) {
  return new Date(local).toISOString().replace('.000Z', 'Z');
}

async function renderDialog(
  api: ReturnType<typeof fakeReleasesApi>,
  props: Partial<Parameters<typeof ReleaseDialog>[0]> = {},
) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const onSaved = jest.fn();
  await renderWithApis(
    <TestApiProvider apis={[[alertApiRef, alertApi]]}>
      <ReleaseDialog
        open
        prefill={prefill}
        onClose={jest.fn()}
        onSaved={onSaved}
        {...props}
      />
    </TestApiProvider>,
    { releasesApi: api },
  );
  return { alertApi, onSaved };
}

describe('planning warnings in the release dialog', () => {
  it('checks a valid plan and warns before Create, which still saves', async () => {
    const created = { ...makeRelease({ id: 'r-new' }), warnings: [freeze] };
    const api = fakeReleasesApi({
      checkPlan: jest.fn().mockResolvedValue({ warnings: [freeze, collision] }),
      createRelease: jest.fn().mockResolvedValue(created),
    });
    const { alertApi, onSaved } = await renderDialog(api);
    const user = userEvent.setup();

    // Incomplete: no window yet, so nothing to check.
    await new Promise(resolve => setTimeout(resolve, 600));
    expect(api.checkPlan).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Planned start'), {
      target: { value: '2026-12-21T09:00' },
    });
    fireEvent.change(screen.getByLabelText('Planned end'), {
      target: { value: '2026-12-21T17:00' },
    });
    await user.click(
      await screen.findByRole('checkbox', { name: 'production' }),
    );

    const warning = await screen.findByRole('status', {}, { timeout: 5000 });
    expect(
      within(warning).getByText('This plan runs into'),
    ).toBeInTheDocument();
    expect(warning).toHaveTextContent(
      'Planned into the freeze “Year-end freeze”',
    );
    expect(warning).toHaveTextContent(/Dec 21, 2026/);
    expect(warning).toHaveTextContent(collision.message);
    await waitFor(
      () =>
        expect(api.checkPlan).toHaveBeenLastCalledWith({
          type: 'minor',
          plannedStart: utc('2026-12-21T09:00'),
          plannedEnd: utc('2026-12-21T17:00'),
          components: [{ entityRef: 'component:default/payments-api' }],
          environments: ['production'],
        }),
      { timeout: 5000 },
    );
    expect(api.createRelease).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
    expect(alertApi.post).toHaveBeenCalledWith({
      severity: 'warning',
      message: `Saved “Payments 2.4”. This plan runs into: ${freeze.message}`,
    });
  });

  it('checks an edited release with its id and clears warnings once the plan is clear', async () => {
    const release = makeRelease({
      id: 'r-edit',
      plannedStart: '2026-12-21T08:00:00Z',
      plannedEnd: '2026-12-21T16:00:00Z',
      environments: ['production'],
    });
    const checkPlan = jest
      .fn()
      .mockResolvedValueOnce({ warnings: [freeze] })
      .mockResolvedValue({ warnings: [] });
    const api = fakeReleasesApi({ checkPlan });
    const { alertApi, onSaved } = await renderDialog(api, { release });
    const user = userEvent.setup();

    expect(
      await screen.findByText('This plan runs into', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(checkPlan).toHaveBeenCalledWith(
      expect.objectContaining({
        releaseId: 'r-edit',
        environments: ['production'],
      }),
    );

    await user.click(screen.getByRole('checkbox', { name: 'production' }));
    await waitFor(
      () => expect(screen.queryByText('This plan runs into')).toBeNull(),
      { timeout: 5000 },
    );
    expect(checkPlan).toHaveBeenLastCalledWith(
      expect.objectContaining({ releaseId: 'r-edit', environments: [] }),
    );

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    // The saved release carried no warnings: no toast.
    expect(alertApi.post).not.toHaveBeenCalled();
  });

  it('lists the earliest ten conflicts of a busy plan and counts the rest, in the dialog and the toast', async () => {
    const collisions: PlanningWarning[] = Array.from(
      { length: 14 },
      (_, i) => ({
        kind: 'collision',
        releaseId: `r-${i}`,
        message: `Collides with Checkout ${i + 1}`,
        overlap: {
          start: `2026-12-22T${String(9 + (i % 10)).padStart(2, '0')}:00:00Z`,
          end: '2026-12-22T20:00:00Z',
        },
      }),
    );
    const created = {
      ...makeRelease({ id: 'r-busy', title: 'Busy' }),
      warnings: collisions.slice(0, 5),
    };
    const api = fakeReleasesApi({
      checkPlan: jest.fn().mockResolvedValue({ warnings: collisions }),
      createRelease: jest.fn().mockResolvedValue(created),
    });
    const { alertApi, onSaved } = await renderDialog(api, {
      prefill: {
        ...prefill,
        plannedStart: '2026-12-22T09:00',
        plannedEnd: '2026-12-22T20:00',
      },
    });

    const warning = await screen.findByRole('status', {}, { timeout: 5000 });
    const items = within(warning).getAllByRole('listitem');
    expect(items).toHaveLength(11);
    // By overlap: the four starting at 09:00 and 10:00 come first.
    expect(items[0]).toHaveTextContent('Collides with Checkout 1');
    expect(items[1]).toHaveTextContent('Collides with Checkout 11');
    expect(items[10]).toHaveTextContent('…and 4 more');
    expect(warning).not.toHaveTextContent('Collides with Checkout 10');

    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
    expect(alertApi.post).toHaveBeenCalledWith({
      severity: 'warning',
      message:
        'Saved “Busy”. This plan runs into: Collides with Checkout 1; Collides with Checkout 2; Collides with Checkout 3; and 2 more',
    });
  });

  it('lets people plan when the check itself fails', async () => {
    const api = fakeReleasesApi({
      checkPlan: jest.fn().mockRejectedValue(new Error('catalog unavailable')),
    });
    const { onSaved } = await renderDialog(api, {
      prefill: {
        ...prefill,
        plannedStart: '2026-12-22T09:00',
        plannedEnd: '2026-12-22T10:00',
      },
    });

    await waitFor(() => expect(api.checkPlan).toHaveBeenCalled(), {
      timeout: 5000,
    });
    expect(screen.queryByText('This plan runs into')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
  });
});
