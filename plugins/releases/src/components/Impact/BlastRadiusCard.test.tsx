import { screen, within } from '@testing-library/react';
import { ImpactResult } from '@backstage-itsm/plugin-releases-common';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { BlastRadiusCard } from './BlastRadiusCard';

const paymentsImpact: ImpactResult = {
  entityRef: 'component:default/payments-api',
  depth: 2,
  dependents: [
    {
      entityRef: 'component:default/checkout-service',
      depth: 1,
      relation: 'dependencyOf',
      via: 'component:default/payments-api',
      path: ['component:default/checkout-service'],
    },
    {
      entityRef: 'component:default/storefront-web',
      depth: 1,
      relation: 'consumesApi api:default/payments-rest-api',
      via: 'component:default/payments-api',
      path: ['component:default/storefront-web'],
    },
    {
      entityRef: 'system:default/payments',
      depth: 1,
      relation: 'partOf',
      via: 'component:default/payments-api',
      path: ['system:default/payments'],
    },
    {
      entityRef: 'system:default/storefront',
      depth: 2,
      relation: 'partOf',
      via: 'component:default/checkout-service',
      path: ['component:default/checkout-service', 'system:default/storefront'],
    },
  ],
};

const ledgerImpact: ImpactResult = {
  entityRef: 'component:default/ledger-service',
  depth: 2,
  dependents: [
    {
      entityRef: 'system:default/payments',
      depth: 1,
      relation: 'partOf',
      via: 'component:default/ledger-service',
      path: ['system:default/payments'],
    },
    {
      entityRef: 'component:default/payments-api',
      depth: 1,
      relation: 'dependencyOf',
      via: 'component:default/ledger-service',
      path: ['component:default/payments-api'],
    },
    {
      entityRef: 'component:default/settlement-batch',
      depth: 1,
      relation: 'dependencyOf',
      via: 'component:default/ledger-service',
      path: ['component:default/settlement-batch'],
    },
  ],
};

describe('BlastRadiusCard', () => {
  it('lists the dependents of every component by depth, with how each is reached', async () => {
    const api = fakeReleasesApi({
      getImpact: jest.fn(async (ref: string) =>
        ref === 'component:default/payments-api'
          ? paymentsImpact
          : ledgerImpact,
      ),
    });
    const release = makeRelease({
      components: [
        { entityRef: 'component:default/payments-api', version: '2.4.0' },
        { entityRef: 'component:default/ledger-service', version: '3.0.0' },
      ],
    });
    await renderWithApis(<BlastRadiusCard release={release} />, {
      releasesApi: api,
    });

    // The payments system is reached from both components but counts once.
    expect(
      await screen.findByRole('heading', {
        name: 'Blast radius — 6 dependents',
      }),
    ).toBeInTheDocument();
    expect(api.getImpact).toHaveBeenCalledWith(
      'component:default/payments-api',
      2,
    );
    expect(api.getImpact).toHaveBeenCalledWith(
      'component:default/ledger-service',
      2,
    );

    const payments = screen.getByRole('region', {
      name: 'Dependents of Payments API',
    });
    const [direct, indirect] = within(payments).getAllByRole('list');
    expect(within(payments).getByText('Direct dependents')).toBeInTheDocument();
    expect(
      within(payments).getByText('Dependents 2 steps away'),
    ).toBeInTheDocument();
    expect(
      within(direct).getByText(/depends on payments-api/),
    ).toBeInTheDocument();
    expect(
      within(direct).getByText(/consumes payments-rest-api/),
    ).toBeInTheDocument();
    expect(
      within(direct).getByText(/payments-api is part of this system/),
    ).toBeInTheDocument();
    expect(
      within(direct).getByRole('link', { name: 'checkout-service' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-service');
    expect(
      within(indirect).getByText(/checkout-service is part of this system/),
    ).toBeInTheDocument();
    expect(
      within(indirect).getByText(
        'payments-api → checkout-service → storefront',
      ),
    ).toBeInTheDocument();

    const ledger = screen.getByRole('region', {
      name: 'Dependents of Ledger Service',
    });
    const settlement = within(ledger)
      .getByRole('link', { name: 'settlement-batch' })
      .closest('li')!;
    expect(settlement).toHaveTextContent(
      'settlement-batch — depends on ledger-service',
    );
    const paymentsApi = within(ledger)
      .getByRole('link', { name: 'Payments API' })
      .closest('li')!;
    expect(paymentsApi).toHaveTextContent(
      'Payments API — depends on ledger-service (also in this release)',
    );
  });

  it('says so when nothing depends on the components, and why a look-up failed', async () => {
    const api = fakeReleasesApi({
      getImpact: jest.fn(async (ref: string) => {
        if (ref === 'component:default/gone') {
          throw new Error(
            'entityRef: component:default/gone does not exist in the catalog',
          );
        }
        return { entityRef: ref, depth: 2, dependents: [] };
      }),
    });
    const release = makeRelease({
      components: [
        { entityRef: 'component:default/payments-api', version: '2.4.0' },
        { entityRef: 'component:default/gone', version: '1.0.0' },
      ],
    });
    await renderWithApis(<BlastRadiusCard release={release} />, {
      releasesApi: api,
    });

    expect(
      await screen.findByRole('heading', {
        name: 'Blast radius — 0 dependents',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Could not work out what depends on it: entityRef: component:default/gone does not exist in the catalog',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Nothing in the catalog depends on it.'),
    ).toBeInTheDocument();
  });

  it('says so when the release names no components', async () => {
    const api = fakeReleasesApi();
    await renderWithApis(
      <BlastRadiusCard release={makeRelease({ components: [] })} />,
      { releasesApi: api },
    );

    expect(
      await screen.findByText(
        'This release names no components, so nothing else is affected.',
      ),
    ).toBeInTheDocument();
    expect(api.getImpact).not.toHaveBeenCalled();
  });
});
