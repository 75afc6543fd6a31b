import { useEffect, useState } from 'react';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
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
});
