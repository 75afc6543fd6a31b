import {
  PHASE_LABELS,
  ReleaseNotes,
  TaskEvidence,
} from '@backstage-itsm/plugin-releases-common';

/**
 * Text from people and the catalog, made inert in Markdown: no emphasis,
 * links, HTML, table cells or headings it did not mean. Line breaks become
 * spaces (every value here stands on one line).
 */
export function mdText(value: string): string {
  return value
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, ch => `\\${ch}`);
}

const date = (iso: string | null) =>
  iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '—';

function evidenceText(evidence: TaskEvidence[]): string {
  if (evidence.length === 0) {
    return '';
  }
  const items = evidence.map(e =>
    e.kind === 'deployment'
      ? `deployment ${mdText(e.deploymentId)}`
      : `[${e.kind === 'ci_run' ? 'CI run' : 'link'}](<${e.url.replace(
          /[<>\s]/g,
          encodeURIComponent,
        )}>)`,
  );
  return ` (evidence: ${items.join(', ')})`;
}

/** The generated notes as Markdown, without what people wrote. */
export function generatedMarkdown(
  notes: Omit<ReleaseNotes, 'markdown'>,
): string {
  const lines: string[] = [];
  lines.push(`# Release notes: ${mdText(notes.title)}`, '');
  lines.push(
    `- **Type:** ${notes.type} · **Phase:** ${
      PHASE_LABELS[notes.phase]
    } · **Owner:** ${mdText(notes.owner)}`,
    `- **Planned:** ${date(notes.plannedStart)} – ${date(notes.plannedEnd)}`,
    `- **Actual:** ${date(notes.actualStart)} – ${date(notes.actualEnd)}`,
    '',
  );

  lines.push(
    '## Components',
    '',
    '| Component | Version | Before |',
    '|---|---|---|',
  );
  for (const c of notes.components) {
    const from = Object.entries(c.fromVersions)
      .map(([env, version]) => `${mdText(env)}: ${mdText(version)}`)
      .join('; ');
    lines.push(
      `| ${mdText(c.entityRef)} | ${c.version ? mdText(c.version) : '—'} | ${
        from || '—'
      } |`,
    );
  }
  lines.push('');

  if (notes.deployments) {
    lines.push('## Deployments', '');
    if (notes.deployments.length === 0) {
      lines.push('No deployments were reported for this release.', '');
    }
    for (const group of notes.deployments) {
      lines.push(`### ${mdText(group.environment)}`, '');
      for (const d of group.items) {
        lines.push(
          `- ${mdText(d.entityRef)} ${mdText(d.version)}: ${d.status} at ${date(
            d.deployedAt,
          )}${
            d.url
              ? ` ([run](<${d.url.replace(/[<>\s]/g, encodeURIComponent)}>))`
              : ''
          }`,
        );
      }
      lines.push('');
    }
  }

  if (notes.tasks.length > 0) {
    lines.push('## Tasks', '');
    for (const t of notes.tasks) {
      const box = t.status === 'done' ? '[x]' : '[ ]';
      const status =
        t.status === 'skipped'
          ? `skipped: ${mdText(t.skipReason ?? '')}`
          : t.status.replace('_', ' ');
      lines.push(
        `- ${box} ${mdText(t.title)} (${PHASE_LABELS[t.phase]}; ${status}${
          t.assignee ? `; ${mdText(t.assignee)}` : ''
        })${evidenceText(t.evidence)}`,
      );
    }
    lines.push('');
  }

  if (notes.signoffs.length > 0) {
    lines.push('## Sign-offs', '');
    for (const s of notes.signoffs) {
      lines.push(
        `- **${mdText(s.name)}**: ${mdText(s.signer)} at ${date(s.signedAt)}${
          s.comment ? ` — ${mdText(s.comment)}` : ''
        }`,
      );
    }
    lines.push('');
  }

  lines.push(
    '## Approvals',
    '',
    `Status: ${notes.approvals.status.replace('_', ' ')}`,
    '',
  );
  for (const d of notes.approvals.decisions) {
    lines.push(
      `- ${mdText(d.approver)} ${d.decision} at ${date(d.decidedAt)}${
        d.comment ? ` — ${mdText(d.comment)}` : ''
      }`,
    );
  }
  if (notes.approvals.decisions.length > 0) {
    lines.push('');
  }

  lines.push('## Review', '');
  if (!notes.review) {
    lines.push('Not reviewed yet.', '');
  } else {
    const r = notes.review;
    lines.push(
      `Outcome: **${r.outcome.replace(/_/g, ' ')}** (${mdText(
        r.reviewedBy,
      )}, ${date(r.reviewedAt)})`,
      '',
    );
    if (r.wentWell) {
      lines.push(`- **Went well:** ${mdText(r.wentWell)}`);
    }
    if (r.wentWrong) {
      lines.push(`- **Went wrong:** ${mdText(r.wentWrong)}`);
    }
    if (r.wentWell || r.wentWrong) {
      lines.push('');
    }
    if (r.actions.length > 0) {
      lines.push('Follow-ups:', '');
      for (const a of r.actions) {
        lines.push(`- ${mdText(a.description)} (${mdText(a.owner)})`);
      }
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The notes people read: the generated part, with the edited text standing
 * first under the title (`extend`), or the edited text alone (`override`).
 */
export function notesMarkdown(notes: Omit<ReleaseNotes, 'markdown'>): string {
  const generated = generatedMarkdown(notes);
  const edited = notes.edited?.text.trim();
  if (!edited) {
    return generated;
  }
  if (notes.edited!.mode === 'override') {
    return `${edited}\n`;
  }
  const [title, ...rest] = generated.split('\n');
  return [title, '', edited, '', ...rest.slice(1)].join('\n');
}

/** A file name for the notes of a release with this title. */
export function notesFileName(title: string): string {
  const slug = title
    .toLocaleLowerCase('en-US')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `release-notes-${slug || 'release'}.md`;
}
