import { screen } from '@testing-library/react';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { ChangeGovernanceSection } from './ChangeGovernanceSection';

describe('ChangeGovernanceSection', () => {
  it('says a standard change is pre-approved and shows the rollback plan', async () => {
    await renderWithApis(
      <ChangeGovernanceSection
        release={makeRelease({
          standardChange: {
            name: 'Certificate rotation',
            qualifies: true,
            reason: 'Within the template: payments-api, staging, low risk.',
          },
          rollbackPlan: {
            text: 'Restore the previous certificate',
            link: 'https://runbooks.example.com/certs',
          },
        })}
      />,
      { releasesApi: fakeReleasesApi() },
    );

    expect(
      screen.getByText('Standard change: Certificate rotation'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Pre-approved by the template "Certificate rotation"/),
    ).toHaveTextContent(
      'Within the template: payments-api, staging, low risk.',
    );
    expect(
      screen.getByText('Restore the previous certificate'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Rollback runbook/ }),
    ).toHaveAttribute('href', 'https://runbooks.example.com/certs');
  });

  it('says why a standard change became a normal change, and that no plan is given', async () => {
    await renderWithApis(
      <ChangeGovernanceSection
        release={makeRelease({
          standardChange: {
            name: 'Certificate rotation',
            qualifies: false,
            reason: 'its risk (high) exceeds the template ceiling (medium)',
          },
        })}
      />,
      { releasesApi: fakeReleasesApi() },
    );

    expect(
      screen.getByText('Normal change (was Certificate rotation)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/became a normal change: its risk \(high\) exceeds/),
    ).toBeInTheDocument();
    expect(screen.getByText(/No rollback plan yet/)).toBeInTheDocument();
  });
});
