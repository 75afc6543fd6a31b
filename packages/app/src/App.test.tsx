import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts on the new frontend system with the guest sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Release Management Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    // The new frontend system loads its features before the sign-in page
    // shows: on a slow machine that takes well over findByText's default second.
    expect(
      await screen.findByText(
        'Release Management Portal',
        {},
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  }, 60_000);
});
