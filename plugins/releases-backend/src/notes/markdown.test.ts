import { ReleaseNotes } from '@backstage-itsm/plugin-releases-common';
import { mdText, notesFileName, notesMarkdown } from './markdown';

const notes: Omit<ReleaseNotes, 'markdown'> = {
  releaseId: 'r1',
  title: 'Payments *2.6* <script>',
  type: 'minor',
  phase: 'review',
  owner: 'group:default/payments-team',
  plannedStart: '2026-12-14T09:00:00.000Z',
  plannedEnd: '2026-12-15T17:00:00.000Z',
  actualStart: '2026-12-14T09:30:00.000Z',
  actualEnd: null,
  generatedAt: '2026-12-16T00:00:00.000Z',
  components: [
    {
      entityRef: 'component:default/payments-api',
      version: '2.6.0',
      fromVersions: { staging: '2.5.0', production: '2.4.1' },
    },
  ],
  deployments: [
    {
      environment: 'production',
      items: [
        {
          entityRef: 'component:default/payments-api',
          version: '2.6.0',
          status: 'succeeded',
          deployedAt: '2026-12-14T10:00:00.000Z',
          url: 'https://ci.example.com/runs/1',
        },
      ],
    },
  ],
  tasks: [
    {
      title: 'Runbook | updated',
      phase: 'deploy',
      status: 'done',
      assignee: 'user:default/bob',
      skipReason: null,
      evidence: [{ kind: 'deployment', deploymentId: '42' }],
    },
    {
      title: 'Load test',
      phase: 'test',
      status: 'skipped',
      assignee: null,
      skipReason: 'Same traffic\nas before',
      evidence: [],
    },
  ],
  signoffs: [
    {
      name: 'QA',
      signer: 'user:default/carol',
      signedAt: '2026-12-13T12:00:00.000Z',
      comment: 'Green',
    },
  ],
  approvals: {
    status: 'approved',
    decisions: [
      {
        approver: 'user:default/dave',
        decision: 'approved',
        comment: '',
        decidedAt: '2026-12-12T12:00:00.000Z',
      },
    ],
  },
  review: {
    outcome: 'partially_successful',
    wentWell: 'Canary',
    wentWrong: '',
    actions: [{ description: 'Faster rollback', owner: 'user:default/bob' }],
    reviewedBy: 'user:default/alice',
    reviewedAt: '2026-12-16T09:00:00.000Z',
  },
  edited: null,
  revision: 0,
};

describe('release notes as Markdown', () => {
  it('lists what the release is made of, each section in turn', () => {
    expect(notesMarkdown(notes)).toBe(
      [
        '# Release notes: Payments \\*2.6\\* \\<script\\>',
        '',
        '- **Type:** minor · **Phase:** Review · **Owner:** group:default/payments-team',
        '- **Planned:** 2026-12-14 09:00 UTC – 2026-12-15 17:00 UTC',
        '- **Actual:** 2026-12-14 09:30 UTC – —',
        '',
        '## Components',
        '',
        '| Component | Version | Before |',
        '|---|---|---|',
        '| component:default/payments-api | 2.6.0 | staging: 2.5.0; production: 2.4.1 |',
        '',
        '## Deployments',
        '',
        '### production',
        '',
        '- component:default/payments-api 2.6.0: succeeded at 2026-12-14 10:00 UTC ([run](<https://ci.example.com/runs/1>))',
        '',
        '## Tasks',
        '',
        '- [x] Runbook \\| updated (Deploy; done; user:default/bob) (evidence: deployment 42)',
        '- [ ] Load test (Test; skipped: Same traffic as before)',
        '',
        '## Sign-offs',
        '',
        '- **QA**: user:default/carol at 2026-12-13 12:00 UTC — Green',
        '',
        '## Approvals',
        '',
        'Status: approved',
        '',
        '- user:default/dave approved at 2026-12-12 12:00 UTC',
        '',
        '## Review',
        '',
        'Outcome: **partially successful** (user:default/alice, 2026-12-16 09:00 UTC)',
        '',
        '- **Went well:** Canary',
        '',
        'Follow-ups:',
        '',
        '- Faster rollback (user:default/bob)',
        '',
      ].join('\n'),
    );
  });

  it('puts an extending text under the title, and an overriding one alone', () => {
    const extended = notesMarkdown({
      ...notes,
      edited: {
        mode: 'extend',
        text: 'Adds **3-D Secure 2**.\n',
        updatedBy: 'user:default/alice',
        updatedAt: '2026-12-16T10:00:00.000Z',
      },
    });
    expect(extended.split('\n').slice(0, 5)).toEqual([
      '# Release notes: Payments \\*2.6\\* \\<script\\>',
      '',
      'Adds **3-D Secure 2**.',
      '',
      '- **Type:** minor · **Phase:** Review · **Owner:** group:default/payments-team',
    ]);
    expect(
      notesMarkdown({
        ...notes,
        edited: {
          mode: 'override',
          text: '# Ours\n\nOnly this.',
          updatedBy: 'user:default/alice',
          updatedAt: '2026-12-16T10:00:00.000Z',
        },
      }),
    ).toBe('# Ours\n\nOnly this.\n');
  });

  it('leaves the deployments out for readers who may not read them, and says when nothing was reviewed', () => {
    const md = notesMarkdown({ ...notes, deployments: null, review: null });
    expect(md).not.toContain('## Deployments');
    expect(md).toContain('## Review\n\nNot reviewed yet.\n');
  });

  it('makes text inert and names files after the title', () => {
    expect(mdText('[x](javascript:alert(1)) `code` #1 | a_b\r\nnext')).toBe(
      '\\[x\\](javascript:alert(1)) \\`code\\` \\#1 \\| a\\_b next',
    );
    expect(notesFileName('Payments 2.6: 3-D Secure 2!')).toBe(
      'release-notes-payments-2-6-3-d-secure-2.md',
    );
    expect(notesFileName('***')).toBe('release-notes-release.md');
  });
});
