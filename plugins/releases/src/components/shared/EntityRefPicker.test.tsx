import { useEffect, useState } from 'react';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeCatalogApi, fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { EntityRefPicker } from './EntityRefPicker';

let rerenderParent: () => void = () => {};

/** A form that rebuilds the picker's value array on every render, as forms do. */
function Form(props: { onChange: (refs: string[]) => void }) {
  const [refs, setRefs] = useState<string[]>([]);
  const [, setTick] = useState(0);
  useEffect(() => {
    rerenderParent = () => setTick(tick => tick + 1);
  }, []);
  return (
    <EntityRefPicker
      id="picker"
      kind="Component"
      multiple
      label="Components"
      value={[...refs]}
      onChange={next => {
        setRefs(next);
        props.onChange(next);
      }}
    />
  );
}

/** A catalog that answers only when told to, as on a busy portal. */
function lateCatalog() {
  const catalogApi = fakeCatalogApi();
  const listed = catalogApi.getEntities.getMockImplementation()!;
  const answers: Array<() => void> = [];
  catalogApi.getEntities.mockImplementation(
    request =>
      new Promise(resolve => {
        answers.push(() => resolve(listed(request)));
      }),
  );
  return { catalogApi, answer: () => answers.forEach(send => send()) };
}

describe('EntityRefPicker', () => {
  it('keeps typed text when the form re-renders with an equal value', async () => {
    const onChange = jest.fn();
    await renderWithApis(<Form onChange={onChange} />, {
      releasesApi: fakeReleasesApi(),
    });
    const user = userEvent.setup();
    const input = screen.getByLabelText('Components');
    await user.click(input);
    await screen.findByRole('option', { name: /Ledger Service/ });
    await user.paste('ledger');

    act(() => rerenderParent());
    expect(input).toHaveValue('ledger');

    await user.click(
      await screen.findByRole('option', { name: /Ledger Service/ }),
    );
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith([
        'component:default/ledger-service',
      ]),
    );
    // The chosen component shows by its title.
    expect(
      screen.getByRole('button', { name: /Ledger Service/ }),
    ).toBeVisible();
  });

  it('keeps what someone types while the catalog answers and names the chosen entity', async () => {
    // The field shows the chosen ref's name at first, and its title once the
    // catalog lists it.
    const { catalogApi, answer } = lateCatalog();
    const onChange = jest.fn();
    await renderWithApis(
      <EntityRefPicker
        id="assignee"
        kind={['User', 'Group']}
        label="Assignee"
        value="group:default/payments-team"
        onChange={onChange}
      />,
      { releasesApi: fakeReleasesApi(), catalogApi },
    );
    const input = screen.getByLabelText('Assignee');
    expect(input).toHaveValue('payments-team');

    const user = userEvent.setup();
    await user.click(input);
    await user.clear(input);
    await user.keyboard('Change');
    await act(async () => answer());
    // The titles arrived while the field had focus: the text stays as typed.
    expect(input).toHaveValue('Change');
    await user.click(
      await screen.findByRole('option', { name: /Change Advisory Board/ }),
    );
    expect(onChange).toHaveBeenLastCalledWith('group:default/cab');
  });

  it('shows the chosen entity by its title once the catalog answers, when nobody is typing', async () => {
    const { catalogApi, answer } = lateCatalog();
    await renderWithApis(
      <EntityRefPicker
        id="owner"
        kind="Group"
        label="Owner"
        value="group:default/payments-team"
        onChange={jest.fn()}
      />,
      { releasesApi: fakeReleasesApi(), catalogApi },
    );
    const input = screen.getByLabelText('Owner');
    expect(input).toHaveValue('payments-team');
    await act(async () => answer());
    await waitFor(() => expect(input).toHaveValue('Payments Team'));
  });

  it('keeps what someone types in a list of entities while the catalog answers, and names them on leaving', async () => {
    const { catalogApi, answer } = lateCatalog();
    await renderWithApis(
      <EntityRefPicker
        id="components"
        kind="Component"
        multiple
        label="Components"
        value={['component:default/payments-api']}
        onChange={jest.fn()}
      />,
      { releasesApi: fakeReleasesApi(), catalogApi },
    );
    expect(screen.getByRole('button', { name: /payments-api/ })).toBeVisible();
    const input = screen.getByLabelText('Components');
    const user = userEvent.setup();
    await user.click(input);
    await user.keyboard('ledg');
    await act(async () => answer());
    expect(input).toHaveValue('ledg');
    await user.tab();
    expect(
      await screen.findByRole('button', { name: /Payments API/ }),
    ).toBeVisible();
  });
});
