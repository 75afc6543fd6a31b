import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { ReleaseReview } from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ReviewCard } from './ReviewCard';

const review: ReleaseReview = {
  releaseId: 'rel-1',
  outcome: 'partially_successful',
  wentWell: 'The canary caught the slow query.',
  wentWrong: 'The rollback script was outdated.',
  actions: [
    { description: 'Update the rollback script', owner: 'user:default/alice' },
    {
      description: 'Add a latency alert',
      owner: 'group:default/payments-team',
    },
  ],
  reviewedBy: 'user:default/guest',
  reviewedAt: '2026-12-02T10:00:00Z',
};

/** Users and groups for the action owner picker. */
function ownersCatalog() {
  return {
    getEntities: jest.fn().mockResolvedValue({
      items: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'alice', namespace: 'default' },
          spec: { profile: { displayName: 'Alice Adams' } },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: {
            name: 'payments-team',
            namespace: 'default',
            title: 'Payments Team',
          },
          spec: { type: 'team', children: [] },
        },
      ],
    }),
  };
}

async function renderCard(
  api: ReturnType<typeof fakeReleasesApi>,
  phase: 'review' | 'deploy' | 'closed' | 'cancelled' = 'review',
  onSubmitted = jest.fn(),
  loaded: ReleaseReview | null = null,
) {
  await renderWithApis(
    <ReviewCard
      release={makeRelease({ phase })}
      review={loaded}
      onSubmitted={onSubmitted}
    />,
    { releasesApi: api, catalogApi: ownersCatalog() },
  );
  return onSubmitted;
}

async function badRequest(
  message: string,
  fields?: { field: string; message: string }[],
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message, fields },
        response: { statusCode: 400 },
      }),
      {
        status: 400,
        statusText: 'Bad Request',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('ReviewCard', () => {
  it('shows the review that came with the release', async () => {
    const api = fakeReleasesApi();
    await renderCard(api, 'closed', jest.fn(), review);

    expect(await screen.findByText('Partially successful')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Post-implementation review' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'What went well' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The canary caught the slow query.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The rollback script was outdated.'),
    ).toBeInTheDocument();
    const actions = screen.getAllByRole('listitem');
    expect(actions[0]).toHaveTextContent('Update the rollback script');
    expect(
      within(actions[0]).getByRole('link', { name: 'alice' }),
    ).toBeInTheDocument();
    expect(
      within(actions[1]).getByRole('link', { name: 'Payments Team' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Reviewed by/)).toHaveTextContent(
      /Reviewed by guest on Dec 2, 2026/,
    );
    expect(screen.queryByRole('button', { name: 'Submit review' })).toBeNull();
  });

  it.each([
    [
      'deploy',
      'The post-implementation review is written once the release reaches the Review phase.',
    ],
    ['closed', 'This release was closed without a post-implementation review.'],
    ['cancelled', 'No review: this release was cancelled.'],
  ] as const)(
    'says why a release in %s has no review form',
    async (phase, text) => {
      await renderCard(fakeReleasesApi(), phase);
      expect(await screen.findByText(text)).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Submit review' }),
      ).toBeNull();
    },
  );

  it('checks the form before it submits', async () => {
    const api = fakeReleasesApi();
    await renderCard(api);
    const user = userEvent.setup();

    await user.click(
      await screen.findByRole('button', { name: 'Submit review' }),
    );
    expect(screen.getByText('Choose an outcome.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add action' }));
    await user.click(screen.getByRole('button', { name: 'Submit review' }));
    const row = screen.getByRole('group', { name: 'Follow-up action 1' });
    expect(within(row).getByText('Describe the action.')).toBeInTheDocument();
    expect(
      within(row).getByText('Name who owns the action.'),
    ).toBeInTheDocument();
    expect(api.submitReview).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Remove action 1' }));
    expect(
      screen.queryByRole('group', { name: 'Follow-up action 1' }),
    ).toBeNull();
    expect(screen.getByText('No follow-up actions yet.')).toBeInTheDocument();
  });

  it('submits the review and then shows it', async () => {
    const api = fakeReleasesApi({
      submitReview: jest.fn().mockResolvedValue(review),
    });
    const onSubmitted = await renderCard(api);
    const user = userEvent.setup();

    await user.selectOptions(
      await screen.findByRole('combobox', { name: /Outcome/ }),
      'Partially successful',
    );
    await user.type(screen.getByLabelText('What went well'), 'Canary');
    await user.type(screen.getByLabelText('What went wrong'), '  Rollback  ');
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    const first = screen.getByRole('group', { name: 'Follow-up action 1' });
    await user.type(within(first).getByLabelText('Action'), 'Fix script');
    // A bare name is a user.
    await user.type(
      within(first).getByRole('textbox', { name: 'Owner' }),
      'alice',
    );
    const second = screen.getByRole('group', { name: 'Follow-up action 2' });
    await user.type(within(second).getByLabelText('Action'), 'Add alert');
    await user.type(
      within(second).getByRole('textbox', { name: 'Owner' }),
      'Pay',
    );
    await user.click(
      await screen.findByRole('option', { name: /Payments Team/ }),
    );

    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    await waitFor(() =>
      expect(api.submitReview).toHaveBeenCalledWith('rel-1', {
        outcome: 'partially_successful',
        wentWell: 'Canary',
        wentWrong: 'Rollback',
        actions: [
          { description: 'Fix script', owner: 'user:default/alice' },
          { description: 'Add alert', owner: 'group:default/payments-team' },
        ],
      }),
    );
    expect(await screen.findByText(/^Reviewed by/)).toBeInTheDocument();
    expect(screen.getByText('Partially successful')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Submit review' })).toBeNull();
    expect(onSubmitted).toHaveBeenCalledWith(review);
  });

  it('marks the field a 400 names', async () => {
    const api = fakeReleasesApi({
      submitReview: jest
        .fn()
        .mockRejectedValue(
          await badRequest('Some fields are wrong', [
            { field: 'actions.0.owner', message: 'is not in the catalog' },
          ]),
        ),
    });
    const onSubmitted = await renderCard(api);
    const user = userEvent.setup();

    await user.selectOptions(
      await screen.findByRole('combobox', { name: /Outcome/ }),
      'Failed',
    );
    await user.click(screen.getByRole('button', { name: 'Add action' }));
    const row = screen.getByRole('group', { name: 'Follow-up action 1' });
    await user.type(within(row).getByLabelText('Action'), 'Fix it');
    await user.type(within(row).getByRole('textbox', { name: 'Owner' }), 'bob');
    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    expect(
      await within(row).findByText('is not in the catalog'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Some fields are wrong')).toBeNull();
    expect(onSubmitted).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Submit review' })).toBeEnabled();
  });

  it("shows the server's message when it names no field", async () => {
    const api = fakeReleasesApi({
      submitReview: jest
        .fn()
        .mockRejectedValue(await badRequest('the release is not in review')),
    });
    await renderCard(api);
    const user = userEvent.setup();

    await user.selectOptions(
      await screen.findByRole('combobox', { name: /Outcome/ }),
      'Failed',
    );
    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    expect(
      await screen.findByText('the release is not in review'),
    ).toBeInTheDocument();
  });
});
