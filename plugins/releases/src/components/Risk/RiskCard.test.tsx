import { screen, within } from '@testing-library/react';
import { fakeReleasesApi, makeRelease } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { RiskCard } from './RiskCard';

describe('RiskCard', () => {
  it('shows the level, the score and each reason with its points', async () => {
    const release = makeRelease({
      risk: {
        score: 65,
        level: 'high',
        computedAt: '2026-11-20T10:00:00Z',
        reasons: [
          { factor: 'type', points: 30, detail: 'Major release' },
          {
            factor: 'dependents',
            points: 20,
            detail: '7 components depend on payments-api',
          },
          {
            factor: 'freeze_proximity',
            points: 15,
            detail: 'Starts 2 days before Year-end freeze',
          },
        ],
      },
    });
    await renderWithApis(<RiskCard release={release} />, {
      releasesApi: fakeReleasesApi(),
    });

    expect(
      await screen.findByRole('heading', { name: 'Risk' }),
    ).toBeInTheDocument();
    expect(screen.getByText('High')).toBeInTheDocument();
    expect(screen.getByText(/Score/)).toHaveTextContent('Score 65 of 100');
    const reasons = within(
      screen.getByRole('list', { name: 'Risk factors' }),
    ).getAllByRole('listitem');
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toHaveTextContent('Release type');
    expect(reasons[0]).toHaveTextContent('Major release');
    expect(reasons[0]).toHaveTextContent('+30 points');
    expect(reasons[1]).toHaveTextContent('Dependent components');
    expect(reasons[1]).toHaveTextContent('7 components depend on payments-api');
    expect(reasons[2]).toHaveTextContent('Freeze proximity');
    expect(reasons[2]).toHaveTextContent('+15 points');
    expect(screen.getByText(/^Computed /)).toBeInTheDocument();
  });

  it("names a module's factor by its label, or its id in words, never the raw id", async () => {
    const release = makeRelease({
      risk: {
        score: 30,
        level: 'medium',
        computedAt: '2026-11-20T10:00:00Z',
        reasons: [
          {
            factor: 'open_incidents',
            label: 'Open incidents',
            points: 20,
            detail: '2 open incidents on its components where it deploys',
          },
          {
            factor: 'pager-load',
            points: 10,
            detail: 'the on-call rotation is busy',
          },
        ],
      },
    });
    await renderWithApis(<RiskCard release={release} />, {
      releasesApi: fakeReleasesApi(),
    });

    const reasons = within(
      await screen.findByRole('list', { name: 'Risk factors' }),
    ).getAllByRole('listitem');
    expect(reasons[0]).toHaveTextContent(/^Open incidents2 open incidents/);
    expect(reasons[1]).toHaveTextContent(/^Pager loadthe on-call rotation/);
    expect(screen.queryByText('open_incidents')).not.toBeInTheDocument();
  });

  it('says when nothing raised the risk', async () => {
    const release = makeRelease({
      risk: {
        score: 0,
        level: 'low',
        computedAt: '2026-11-20T10:00:00Z',
        reasons: [],
      },
    });
    await renderWithApis(<RiskCard release={release} />, {
      releasesApi: fakeReleasesApi(),
    });
    expect(await screen.findByText('Low')).toBeInTheDocument();
    expect(screen.getByText(/Score/)).toHaveTextContent('Score 0 of 100');
    expect(
      screen.getByText('Nothing raised the risk of this release.'),
    ).toBeInTheDocument();
  });

  it('says when no score has been computed', async () => {
    await renderWithApis(<RiskCard release={makeRelease({ risk: null })} />, {
      releasesApi: fakeReleasesApi(),
    });
    expect(
      await screen.findByText(
        'No risk score has been computed for this release yet.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Score/)).toBeNull();
  });
});
