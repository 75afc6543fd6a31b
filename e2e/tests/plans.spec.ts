import { expect, test } from '@playwright/test';
import {
  BACKEND,
  guestToken,
  localDateTime,
  screenshot,
  signIn,
} from './helpers';

// The portal signs everyone in as the demo guest ("Demo User"); the QA lead is
// played by a second browser session of that user, which holds the role.
test.describe('Release plans', () => {
  // One long story, with a second session and several first page compiles.
  test.describe.configure({ timeout: 360_000 });

  test('an engineer plans a major release, QA signs off, the release moves on and My work lists the task', async ({
    page,
    browser,
  }) => {
    const title = `E2E major release ${Date.now()}`;
    await signIn(page, '/catalog/default/component/payments-api/releases');
    await page.getByRole('button', { name: 'Plan release' }).first().click();
    const create = page.getByRole('dialog');
    await create.getByLabel('Title', { exact: true }).fill(title);
    await create.getByLabel('Type').selectOption({ label: 'Major' });
    await create.getByLabel('Planned start').fill(localDateTime(10, 9));
    await create.getByLabel('Planned end').fill(localDateTime(10, 17));
    await create.getByLabel('Version of Payments API').fill('2.7.0');
    await create.getByRole('button', { name: 'Create' }).click();
    await expect(
      page.getByRole('heading', { name: title, level: 2 }),
    ).toBeVisible();

    // The major checklist was applied when the release was created.
    const plan = page.getByRole('region', { name: 'Plan' });
    await expect(
      plan
        .getByRole('table', { name: 'Tasks of Design' })
        .getByText('Rollback plan written'),
    ).toBeVisible();
    await expect(
      plan
        .getByRole('table', { name: 'Tasks of Test' })
        .getByText('Integration tests green'),
    ).toBeVisible();

    await page.getByRole('button', { name: 'Move to Design' }).click();
    await expect(page.getByText(`"${title}" is now in Design`)).toBeVisible();

    // The current phase's exit criteria, as a checklist.
    const checklist = plan.getByRole('list', {
      name: 'Exit criteria of Design',
    });
    await expect(
      checklist.getByText('Tasks of Design done or skipped (not met)'),
    ).toBeVisible();
    await expect(checklist.getByText('QA signed off (not met)')).toBeVisible();
    await expect(plan.getByText('Before Build: 0 of 2 met.')).toBeVisible();
    await screenshot(page, 'plan-checklist');

    // Leaving design is refused while the criteria are not met.
    await page.getByRole('button', { name: 'Move to Build' }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: /QA/ }).first(),
    ).toBeVisible();

    // Assign a task to a person, and the QA lead role.
    await plan
      .getByRole('button', { name: 'Edit Integration tests green' })
      .click();
    const taskDialog = page.getByRole('dialog', { name: 'Edit task' });
    await taskDialog.getByLabel('Assignee').fill('Demo');
    await page.getByRole('option', { name: /Demo User/ }).click();
    await taskDialog.getByRole('button', { name: 'Save task' }).click();
    await expect(taskDialog).toHaveCount(0);
    await expect(
      plan.getByRole('table', { name: 'Tasks of Test' }).getByText('Demo User'),
    ).toBeVisible();

    await plan.getByRole('button', { name: 'Edit roles' }).click();
    const rolesDialog = page.getByRole('dialog', { name: 'Edit roles' });
    await rolesDialog.getByLabel('QA lead').fill('Demo');
    await page.getByRole('option', { name: /Demo User/ }).click();
    await rolesDialog.getByRole('button', { name: 'Save roles' }).click();
    await expect(rolesDialog).toHaveCount(0);
    await expect(
      plan.getByRole('list', { name: 'Roles' }).getByText('Demo User').first(),
    ).toBeVisible();

    // The design task is done, with its evidence.
    await plan
      .getByRole('button', { name: /Status of Rollback plan written/ })
      .click();
    await page.getByRole('option', { name: 'Done' }).click();
    await expect(
      checklist.getByText('Tasks of Design done or skipped', { exact: true }),
    ).toBeVisible();

    // The QA lead signs off from the release page, in a session of their own.
    const releaseUrl = page.url();
    const qaContext = await browser.newContext();
    const qa = await qaContext.newPage();
    await signIn(qa, releaseUrl);
    const qaPlan = qa.getByRole('region', { name: 'Plan' });
    await qaPlan.getByRole('button', { name: 'Sign off QA' }).click();
    const signDialog = qa.getByRole('dialog', { name: 'Sign off QA' });
    await signDialog
      .getByLabel('Comment')
      .fill('Test plan covers 3-D Secure and the rollback.');
    await screenshot(qa, 'plan-signoff-dialog');
    await signDialog.getByRole('button', { name: 'Sign off' }).click();
    const given = qaPlan.getByRole('list', { name: 'Sign-offs given' });
    await expect(given.getByText(/QA: Demo User on/)).toBeVisible();
    await expect(
      given.getByText('Test plan covers 3-D Secure and the rollback.'),
    ).toBeVisible();
    await qaContext.close();

    // Back with the engineer: every criterion is met and the release moves on.
    await page.reload();
    await expect(plan.getByText('Before Build: 2 of 2 met.')).toBeVisible();
    await expect(
      checklist.getByText('QA signed off', { exact: true }),
    ).toBeVisible();
    // Who signed and when is readable in the narrow card: it wraps, nothing is cut.
    const signedDetail = checklist.getByText(/Signed off by Demo User on/);
    const [detailBox, listBox] = await Promise.all([
      signedDetail.boundingBox(),
      checklist.boundingBox(),
    ]);
    expect(detailBox!.x + detailBox!.width).toBeLessThanOrEqual(
      listBox!.x + listBox!.width + 1,
    );
    expect(
      await signedDetail.evaluate(e => e.scrollWidth <= e.clientWidth + 1),
    ).toBe(true);
    await screenshot(page, 'plan-criteria-met');
    await page.getByRole('button', { name: 'Move to Build' }).click();
    await expect(page.getByText(`"${title}" is now in Build`)).toBeVisible();

    // My work lists the task assigned to me.
    await page.goto('/releases/my-work');
    const mine = page.getByRole('table', { name: 'My tasks' });
    const row = mine
      .getByRole('row')
      .filter({ hasText: title })
      .filter({ hasText: 'Integration tests green' });
    await expect(row).toBeVisible();
    await expect(row.getByRole('link', { name: title })).toHaveAttribute(
      'href',
      /\/releases\/[0-9a-f-]+$/,
    );
    await expect(row.getByText('Open', { exact: true })).toBeVisible();
    await screenshot(page, 'my-work');
  });

  test('a release manager plans milestones, sees role holders on the Releases tab and watches the component', async ({
    page,
    request,
  }) => {
    const title = `E2E milestones ${Date.now()}`;
    const token = await guestToken(request);
    const start = new Date(Date.now() + 12 * 24 * 3600 * 1000);
    const created = await request.post(`${BACKEND}/api/releases/releases`, {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        title,
        type: 'major',
        owner: 'group:default/payments-team',
        plannedStart: start.toISOString(),
        plannedEnd: new Date(start.getTime() + 8 * 3600 * 1000).toISOString(),
        environments: ['production'],
        components: [
          { entityRef: 'component:default/payments-api', version: '2.8.0' },
        ],
      },
    });
    expect(created.status()).toBe(201);
    const releaseId = (await created.json()).id as string;

    // The Releases tab shows who holds the roles of releases under way.
    await signIn(page, '/catalog/default/component/payments-api/releases');
    const row = page.getByRole('row').filter({ hasText: title });
    await expect(row.getByText(/Release manager:/)).toContainText('Demo User');

    // Watching the component: its releases' changes reach the viewer.
    const watch = page.getByRole('button', { name: 'Watch', exact: true });
    const stop = page.getByRole('button', { name: 'Stop watching' });
    await expect(watch.or(stop)).toBeEnabled();
    if (await stop.isVisible()) {
      await stop.click();
    }
    await watch.click();
    await expect(stop).toBeEnabled();
    await screenshot(page, 'releases-tab-roles');

    // Milestones: the release manager plans when deploy ends, with a buffer.
    await row.getByRole('link', { name: title }).click();
    const plan = page.getByRole('region', { name: 'Plan' });
    await plan.getByRole('button', { name: 'Edit milestones' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit milestones' });
    // The major template planned the end of build already.
    await expect(dialog.getByLabel('Build ends')).not.toHaveValue('');
    await dialog.getByLabel('Deploy ends').fill(localDateTime(13, 12));
    await dialog.getByLabel('Deploy buffer (days)').fill('2');
    await dialog.getByRole('button', { name: 'Save milestones' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(
      plan.getByText(/Milestone: ends .*, late after .* · On track/).last(),
    ).toBeVisible();
    const history = await request.get(
      `${BACKEND}/api/releases/releases/${releaseId}/events`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(
      (await history.json()).items.map((e: { type: string }) => e.type),
    ).toContain('milestones-changed');

    // The calendar shows milestones and due tasks when asked to.
    const buildEnds = new Date(start.getTime() - 5 * 24 * 3600 * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const day = `${buildEnds.getFullYear()}-${pad(
      buildEnds.getMonth() + 1,
    )}-${pad(buildEnds.getDate())}`;
    await page.goto(`/releases/calendar?view=month&date=${day}`);
    const milestone = page
      .getByRole('link', { name: `${title} · Build ends` })
      .first();
    await expect(
      page.getByRole('heading', { name: 'Release calendar' }).first(),
    ).toBeVisible();
    await expect(milestone).toHaveCount(0);
    await page.getByLabel('Milestones and due tasks').check();
    await expect(page).toHaveURL(/plan=1/);
    await expect(milestone).toBeVisible();
    await milestone.hover();
    await screenshot(page, 'calendar-milestones');
    await milestone.click();
    await expect(
      page.getByRole('heading', { name: title, level: 1 }),
    ).toBeVisible();
  });
});
