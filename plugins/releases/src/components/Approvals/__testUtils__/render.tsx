import { ReactNode } from 'react';
import { RenderResult } from '@testing-library/react';
import { alertApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { ReleasesApi } from '../../../api';
import { renderWithApis } from '../../../__testUtils__/render';

/** `renderWithApis` plus an alert API whose toasts a test can read. */
export async function renderWithAlerts(
  element: ReactNode,
  options: { releasesApi: Partial<ReleasesApi>; routeEntries?: string[] },
): Promise<RenderResult & { alertApi: { post: jest.Mock } }> {
  const alertApi = { post: jest.fn() };
  const rendered = await renderWithApis(
    <TestApiProvider apis={[[alertApiRef, alertApi]]}>
      {element}
    </TestApiProvider>,
    options,
  );
  return { ...rendered, alertApi };
}
