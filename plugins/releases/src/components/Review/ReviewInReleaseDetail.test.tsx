import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReleaseReview } from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReleaseDetail } from '../ReleaseDetail';

const review: ReleaseReview = {
  releaseId: 'rel-1',
  outcome: 'successful',
  wentWell: 'Smooth.',
  wentWrong: '',
  actions: [],
  reviewedBy: 'user:default/guest',
  reviewedAt: '2026-12-02T10:00:00Z',
};

describe('the review on the release page', () => {
  it('reloads the release after the review, so it can be closed', async () => {
    const inReview = makeRelease({
      phase: 'review',
      risk: {
        score: 40,
        level: 'medium',
        computedAt: '2026-11-20T10:00:00Z',
        reasons: [{ factor: 'type', points: 40, detail: 'Major release' }],
      },
    });
    const api = fakeReleasesApi({
      getRelease: jest
        .fn()
        .mockResolvedValueOnce(inReview)
        .mockResolvedValue({ ...inReview, outcome: 'successful', revision: 2 }),
      submitReview: jest.fn().mockResolvedValue(review),
      transitionRelease: jest
        .fn()
        .mockResolvedValue({ ...inReview, phase: 'closed', revision: 3 }),
    });
    await renderWithApis(<ReleaseDetail releaseId="rel-1" />, {
      releasesApi: api,
    });
    const user = userEvent.setup();

    expect(
      await screen.findByRole('heading', { name: 'Risk' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Medium')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Incidents' }),
    ).toBeInTheDocument();

    await user.selectOptions(
      await screen.findByRole('combobox', { name: /Outcome/ }),
      'Successful',
    );
    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    await waitFor(() => expect(api.getRelease).toHaveBeenCalledTimes(2));
    expect(await screen.findByText(/^Reviewed by/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Move to Closed' }));
    await waitFor(() =>
      expect(api.transitionRelease).toHaveBeenCalledWith('rel-1', {
        to: 'closed',
      }),
    );
  });
});
