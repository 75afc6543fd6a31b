import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StandardChangeTemplate } from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleaseDialog } from './ReleaseDialog';

const rotation: StandardChangeTemplate = {
  name: 'Certificate rotation',
  description: 'Rotate the TLS certificates of a payments service.',
  components: ['component:default/payments-api'],
  environments: ['staging', 'production'],
  maxRiskLevel: 'medium',
  checklist: ['New certificate issued by the internal CA'],
};

function setDateTime(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('ReleaseDialog with standard changes', () => {
  it('prefills from the picked standard change and sends it with a rollback plan', async () => {
    const created = makeRelease({ id: 'std-1' });
    const api = fakeReleasesApi({
      listStandardChanges: jest.fn().mockResolvedValue({ items: [rotation] }),
      createRelease: jest.fn().mockResolvedValue(created),
    });
    const onSaved = jest.fn();
    await renderWithApis(
      <ReleaseDialog
        open
        prefill={{ type: 'major', owner: 'group:default/payments-team' }}
        onClose={jest.fn()}
        onSaved={onSaved}
      />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    const picker = await screen.findByRole('combobox', {
      name: 'Standard change',
    });
    await waitFor(() =>
      expect(
        screen.getByRole('option', { name: 'Certificate rotation' }),
      ).toBeInTheDocument(),
    );
    await user.selectOptions(picker, 'Certificate rotation');

    expect(
      screen.getByText('Rotate the TLS certificates of a payments service.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('New certificate issued by the internal CA'),
    ).toBeInTheDocument();
    expect(screen.getByText(/up to medium risk/)).toBeInTheDocument();
    expect(screen.getByLabelText('Type')).toHaveValue('minor');
    expect(
      await screen.findByRole('checkbox', { name: 'production' }),
    ).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'staging' })).toBeChecked();
    expect(
      screen.getByRole('checkbox', { name: 'development' }),
    ).not.toBeChecked();

    await user.click(screen.getByLabelText('Title'));
    await user.paste('Rotate payments certificates');
    setDateTime('Planned start', '2026-12-01T09:00');
    setDateTime('Planned end', '2026-12-01T10:00');
    await user.click(screen.getByLabelText('Rollback plan'));
    await user.paste('Restore the previous certificate from the vault');
    await user.click(screen.getByLabelText('Rollback runbook link (optional)'));
    await user.paste('https://runbooks.example.com/certs');
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(created));
    expect(api.createRelease).toHaveBeenCalledWith(
      expect.objectContaining({
        title: 'Rotate payments certificates',
        type: 'minor',
        components: [{ entityRef: 'component:default/payments-api' }],
        environments: ['staging', 'production'],
        standardChange: 'Certificate rotation',
        rollbackPlan: {
          text: 'Restore the previous certificate from the vault',
          link: 'https://runbooks.example.com/certs',
        },
      }),
    );
  });

  it('sends no standard change when none is picked, and offers none when editing', async () => {
    const api = fakeReleasesApi({
      listStandardChanges: jest.fn().mockResolvedValue({ items: [rotation] }),
    });
    await renderWithApis(
      <ReleaseDialog
        open
        release={makeRelease({
          rollbackPlan: { text: 'Redeploy 2.3' },
        })}
        onClose={jest.fn()}
        onSaved={jest.fn()}
      />,
      { releasesApi: api },
    );
    const user = userEvent.setup();

    expect(await screen.findByLabelText('Rollback plan')).toHaveValue(
      'Redeploy 2.3',
    );
    expect(
      screen.queryByRole('combobox', { name: 'Standard change' }),
    ).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText('Rollback plan'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateRelease).toHaveBeenCalled());
    expect(api.updateRelease).toHaveBeenCalledWith('rel-1', {
      rollbackPlan: null,
      revision: 1,
    });
  });
});
