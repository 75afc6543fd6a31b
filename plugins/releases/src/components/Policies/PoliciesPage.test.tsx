import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { ResponseError } from '@backstage/errors';
import {
  ApprovalPolicy,
  DryRunResult,
} from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { PoliciesPage } from './PoliciesPage';

const policies: ApprovalPolicy[] = [
  {
    name: 'cab-for-major',
    description: 'Major changes to production need the CAB and the owners.',
    when: { types: ['major'], environments: ['production'] },
    require: [
      { group: 'group:default/cab', count: 2 },
      { owner: true, count: 1 },
    ],
  },
  {
    name: 'emergency',
    when: { types: ['emergency'], selector: { system: ['payments'] } },
    require: [{ group: 'group:default/release-managers', count: 1 }],
    reviewAfter: { days: 3 },
  },
];

const result: DryRunResult = {
  from: '2026-09-01T00:00:00.000Z',
  to: '2026-12-29T00:00:00.000Z',
  releases: [
    {
      release: {
        id: 'rel-3',
        title: 'Auth token rotation hotfix',
        type: 'emergency',
        phase: 'review',
        owner: 'group:default/platform-team',
        plannedStart: '2026-11-23T09:00:00.000Z',
        plannedEnd: '2026-11-24T09:00:00.000Z',
      },
      policies: ['emergency'],
      requiredApprovals: 1,
      wouldHaveBlocked: true,
      missing: ['emergency: 1 of group:default/release-managers (0 given)'],
    },
    {
      release: {
        id: 'rel-6',
        title: 'Gateway rate limits per tenant',
        type: 'minor',
        phase: 'closed',
        owner: 'group:default/platform-team',
        plannedStart: '2026-10-30T09:00:00.000Z',
        plannedEnd: '2026-11-02T09:00:00.000Z',
      },
      policies: [],
      requiredApprovals: 0,
      wouldHaveBlocked: false,
      missing: [],
    },
  ],
  deployments: [
    {
      deploymentId: '246',
      entityRef: 'component:default/auth-service',
      environment: 'production',
      version: '4.0.3',
      deployedAt: '2026-11-23T12:00:00.000Z',
      releaseId: 'rel-3',
      wouldHaveBlocked: true,
      reason:
        'its release lacks emergency: 1 of group:default/release-managers (0 given)',
    },
  ],
};

function policiesField() {
  return screen.getByLabelText('Candidate policies (JSON)');
}

function policyEditor(index: number) {
  return screen
    .getByText(new RegExp(`^Policy ${index}`))
    .closest('fieldset') as HTMLElement;
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
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('PoliciesPage', () => {
  it('lists the policies in effect and separation of duties', async () => {
    const api = fakeReleasesApi({
      getPolicies: jest
        .fn()
        .mockResolvedValue({ policies, separationOfDuties: true }),
    });
    await renderWithApis(<PoliciesPage />, { releasesApi: api });

    expect(
      await screen.findByText('Separation of duties: on'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Approval policies' }),
    ).toBeInTheDocument();
    expect(screen.getByText('cab-for-major')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Major changes to production need the CAB and the owners.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Types: Major')).toBeInTheDocument();
    expect(screen.getByText('Environments: production')).toBeInTheDocument();
    expect(
      screen.getByText('2 from Change Advisory Board'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 from the owning group')).toBeInTheDocument();
    expect(screen.getByText('System: payments')).toBeInTheDocument();
    expect(screen.getByText('Within 3 days')).toBeInTheDocument();

    // The dry run's form starts from the policies in effect.
    expect(within(policyEditor(1)).getByLabelText(/^Name/)).toHaveValue(
      'cab-for-major',
    );
    expect(
      within(policyEditor(1)).getByRole('checkbox', { name: 'Major' }),
    ).toBeChecked();
    expect(
      within(policyEditor(1))
        .getAllByRole('spinbutton', { name: 'How many' })
        .map(input => (input as HTMLInputElement).value),
    ).toEqual(['2', '1']);
    expect(within(policyEditor(2)).getByLabelText(/^Name/)).toHaveValue(
      'emergency',
    );
    expect(
      within(policyEditor(2)).getByLabelText('Review after break-glass (days)'),
    ).toHaveValue(3);
    expect(screen.getByLabelText('From')).toHaveValue(
      DateTime.local().minus({ days: 90 }).toFormat('yyyy-MM-dd'),
    );
    expect(screen.getByLabelText('To')).toHaveValue(
      DateTime.local().plus({ days: 30 }).toFormat('yyyy-MM-dd'),
    );
  });

  it('runs a dry run of the candidates and shows what they would have blocked', async () => {
    const api = fakeReleasesApi({
      getPolicies: jest
        .fn()
        .mockResolvedValue({ policies, separationOfDuties: true }),
      dryRunPolicies: jest.fn().mockResolvedValue(result),
    });
    await renderWithApis(<PoliciesPage />, { releasesApi: api });
    const user = userEvent.setup();

    await screen.findByText('Separation of duties: on');
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-09-01' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-12-28' },
    });
    await user.click(screen.getByRole('button', { name: 'Run dry run' }));

    await waitFor(() =>
      expect(api.dryRunPolicies).toHaveBeenCalledWith({
        policies,
        separationOfDuties: true,
        from: DateTime.fromISO('2026-09-01').startOf('day').toUTC().toISO(),
        to: DateTime.fromISO('2026-12-28').endOf('day').toUTC().toISO(),
      }),
    );

    expect(
      await screen.findByText(
        /would have blocked 1 of 2 releases and 1 of 1 deployments/,
      ),
    ).toBeInTheDocument();

    const releaseLink = screen.getByRole('link', {
      name: 'Auth token rotation hotfix',
    });
    expect(releaseLink).toHaveAttribute('href', '/releases/rel-3');
    const releaseRow = releaseLink.closest('tr')!;
    expect(
      within(releaseRow).getByText('Would have blocked'),
    ).toBeInTheDocument();
    expect(
      within(releaseRow).getByText(
        'emergency: 1 of group:default/release-managers (0 given)',
      ),
    ).toBeInTheDocument();
    const allowedRow = screen
      .getByRole('link', { name: 'Gateway rate limits per tenant' })
      .closest('tr')!;
    expect(within(allowedRow).getByText('Allowed')).toBeInTheDocument();
    expect(within(allowedRow).getByText('None apply')).toBeInTheDocument();

    const deploymentRow = screen
      .getByRole('link', { name: 'auth-service' })
      .closest('tr')!;
    expect(deploymentRow).toHaveTextContent('production');
    expect(deploymentRow).toHaveTextContent('4.0.3');
    expect(deploymentRow).toHaveTextContent('Would have blocked');
    expect(deploymentRow).toHaveTextContent(
      'its release lacks emergency: 1 of group:default/release-managers (0 given)',
    );

    await user.click(
      screen.getByRole('checkbox', {
        name: 'Only what would have been blocked',
      }),
    );
    expect(
      screen.queryByRole('link', { name: 'Gateway rate limits per tenant' }),
    ).toBeNull();
  });

  it('edits candidates in the form, without writing JSON', async () => {
    const api = fakeReleasesApi({
      getPolicies: jest
        .fn()
        .mockResolvedValue({ policies, separationOfDuties: true }),
      dryRunPolicies: jest
        .fn()
        .mockResolvedValue({ ...result, releases: [], deployments: [] }),
    });
    await renderWithApis(<PoliciesPage />, { releasesApi: api });
    const user = userEvent.setup();

    await screen.findByText('Separation of duties: on');
    const first = policyEditor(1);
    await user.clear(within(first).getByLabelText(/^Name/));
    await user.type(within(first).getByLabelText(/^Name/), 'cab-for-all');
    await user.click(within(first).getByRole('checkbox', { name: 'Minor' }));
    const counts = within(first).getAllByRole('spinbutton', {
      name: 'How many',
    });
    fireEvent.change(counts[0], { target: { value: '3' } });
    await user.click(
      within(policyEditor(2)).getByRole('button', {
        name: 'Remove this policy',
      }),
    );
    await user.click(
      screen.getByRole('checkbox', { name: 'Separation of duties' }),
    );
    await user.click(screen.getByRole('button', { name: 'Run dry run' }));

    await waitFor(() =>
      expect(api.dryRunPolicies).toHaveBeenCalledWith(
        expect.objectContaining({
          policies: [
            {
              ...policies[0],
              name: 'cab-for-all',
              when: { types: ['major', 'minor'], environments: ['production'] },
              require: [
                { group: 'group:default/cab', count: 3 },
                { owner: true, count: 1 },
              ],
            },
          ],
          separationOfDuties: false,
        }),
      ),
    );
    expect(
      await screen.findByText('No releases in this range.'),
    ).toBeInTheDocument();
  });

  it('adds a policy and a rule in the form', async () => {
    const api = fakeReleasesApi({
      getPolicies: jest
        .fn()
        .mockResolvedValue({ policies: [], separationOfDuties: true }),
      dryRunPolicies: jest
        .fn()
        .mockResolvedValue({ ...result, releases: [], deployments: [] }),
    });
    await renderWithApis(<PoliciesPage />, { releasesApi: api });
    const user = userEvent.setup();

    await user.click(
      await screen.findByRole('button', { name: 'Add a policy' }),
    );
    const editor = policyEditor(1);
    await user.type(within(editor).getByLabelText(/^Name/), 'all-prod');
    await user.click(
      within(editor).getByRole('checkbox', { name: 'production' }),
    );
    await user.selectOptions(
      within(editor).getByLabelText('Rule 1: approvers'),
      'owner',
    );
    await user.click(
      within(editor).getByRole('button', { name: 'Add a rule' }),
    );
    await user.click(
      within(editor).getAllByRole('textbox', { name: 'Group' })[0],
    );
    await user.click(
      await screen.findByRole('option', { name: /Change Advisory Board/ }),
    );
    await user.click(screen.getByRole('button', { name: 'Run dry run' }));

    await waitFor(() =>
      expect(api.dryRunPolicies).toHaveBeenCalledWith(
        expect.objectContaining({
          policies: [
            {
              name: 'all-prod',
              when: { environments: ['production'] },
              require: [
                { owner: true, count: 1 },
                { group: 'group:default/cab', count: 1 },
              ],
            },
          ],
        }),
      ),
    );
  });

  it('keeps JSON as an advanced option, and flags JSON that does not parse', async () => {
    const api = fakeReleasesApi({
      getPolicies: jest
        .fn()
        .mockResolvedValue({ policies, separationOfDuties: true }),
      dryRunPolicies: jest
        .fn()
        .mockResolvedValue({ ...result, releases: [], deployments: [] }),
    });
    await renderWithApis(<PoliciesPage />, { releasesApi: api });
    const user = userEvent.setup();

    await screen.findByText('Separation of duties: on');
    await user.click(
      screen.getByRole('button', { name: 'Advanced: edit as JSON' }),
    );
    expect(JSON.parse((policiesField() as HTMLTextAreaElement).value)).toEqual(
      policies,
    );

    fireEvent.change(policiesField(), { target: { value: '[{ "name": ' } });
    await user.click(screen.getByRole('button', { name: 'Run dry run' }));
    expect(policiesField()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/^Not valid JSON:/)).toBeInTheDocument();
    expect(api.dryRunPolicies).not.toHaveBeenCalled();

    const candidate = [
      {
        name: 'all-prod',
        when: { environments: ['production'] },
        require: [{ owner: true, count: 1 }],
      },
    ];
    fireEvent.change(policiesField(), {
      target: { value: JSON.stringify(candidate) },
    });
    await user.click(screen.getByRole('button', { name: 'Run dry run' }));
    await waitFor(() =>
      expect(api.dryRunPolicies).toHaveBeenCalledWith(
        expect.objectContaining({ policies: candidate }),
      ),
    );

    // Back to the form with what was written as JSON.
    await user.click(screen.getByRole('button', { name: 'Back to the form' }));
    expect(within(policyEditor(1)).getByLabelText(/^Name/)).toHaveValue(
      'all-prod',
    );
  });

  it('shows the server’s objection next to the field it names', async () => {
    const api = fakeReleasesApi({
      getPolicies: jest
        .fn()
        .mockResolvedValue({ policies, separationOfDuties: true }),
      dryRunPolicies: jest.fn().mockRejectedValue(
        await badRequest('The candidate policies are invalid', [
          {
            field: 'policies.0.require.0.group',
            message: 'group:default/nope does not exist in the catalog',
          },
        ]),
      ),
    });
    await renderWithApis(<PoliciesPage />, { releasesApi: api });
    const user = userEvent.setup();

    await screen.findByText('Separation of duties: on');
    const rule = within(policyEditor(1)).getAllByRole('textbox', {
      name: 'Group',
    })[0];
    await user.clear(rule);
    await user.type(rule, 'group:default/nope');
    await user.click(screen.getByRole('button', { name: 'Run dry run' }));

    expect(
      await screen.findByRole('alert', {
        name: 'The server refused the candidate policies',
      }),
    ).toHaveTextContent('The fields marked below need a change.');
    expect(
      within(policyEditor(1)).getByText(
        'group:default/nope does not exist in the catalog',
      ),
    ).toBeInTheDocument();
    expect(api.dryRunPolicies).toHaveBeenCalledWith(
      expect.objectContaining({
        policies: [
          expect.objectContaining({
            require: [
              { group: 'group:default/nope', count: 2 },
              { owner: true, count: 1 },
            ],
          }),
          expect.anything(),
        ],
      }),
    );

    // Correcting the policy takes the message away.
    await user.type(rule, 'x');
    expect(
      within(policyEditor(1)).queryByText(
        'group:default/nope does not exist in the catalog',
      ),
    ).toBeNull();
  });

  it('shows the server’s message when it names no field', async () => {
    const api = fakeReleasesApi({
      getPolicies: jest
        .fn()
        .mockResolvedValue({ policies, separationOfDuties: true }),
      dryRunPolicies: jest
        .fn()
        .mockRejectedValue(
          await badRequest('the range may span at most 400 days'),
        ),
    });
    await renderWithApis(<PoliciesPage />, { releasesApi: api });
    const user = userEvent.setup();

    await screen.findByText('Separation of duties: on');
    await user.click(screen.getByRole('button', { name: 'Run dry run' }));

    expect(
      await screen.findByRole('alert', {
        name: 'The server refused the candidate policies',
      }),
    ).toHaveTextContent('the range may span at most 400 days');
  });

  it('says when no policies are configured', async () => {
    const api = fakeReleasesApi({
      getPolicies: jest
        .fn()
        .mockResolvedValue({ policies: [], separationOfDuties: false }),
    });
    await renderWithApis(<PoliciesPage />, { releasesApi: api });

    expect(
      await screen.findByText('Separation of duties: off'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'No approval policies are configured: releases need no approval.',
      ),
    ).toBeInTheDocument();
  });
});
