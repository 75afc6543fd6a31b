import {
  isOpenPhase,
  PutNotesRequest,
  Release,
  ReleaseNotes,
  ReleaseReview,
} from '@backstage-itsm/plugin-releases-common';
import { ApprovalEvaluator } from '../governance/ApprovalEvaluator';
import { PlanService } from '../plans/PlanService';
import { conflictOn } from '../service/errors';
import { notesMarkdown } from './markdown';
import { NotesStore } from './NotesStore';

type ParsedNotes = Required<PutNotesRequest>;

/**
 * Release notes, generated from the release as it is (components and the
 * versions they replace, deployments per environment, tasks, sign-offs,
 * approvals, the review), with a text people may write to extend or
 * override the generated part until the release is closed.
 */
export class NotesService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      store: NotesStore;
      plans: PlanService;
      evaluator: ApprovalEvaluator;
      review(releaseId: string): Promise<ReleaseReview | undefined>;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The notes of the release; deployments only when the reader may read deployments. */
  async notes(
    release: Release,
    options: { deployments: boolean },
  ): Promise<ReleaseNotes> {
    const { store, plans, evaluator } = this.options;
    const now = this.clock();
    const [deployments, tasks, signoffs, approvals, review, edited] =
      await Promise.all([
        store.deploymentsOf(release.id),
        plans.tasks(release, {}),
        plans.signoffs(release, undefined),
        evaluator.evaluate(release),
        this.options.review(release.id),
        store.edited(release.id),
      ]);

    const components = await Promise.all(
      release.components.map(async c => {
        const fromVersions: Record<string, string> = {};
        for (const environment of release.environments) {
          const version = await store.versionBefore(
            release.id,
            c.entityRef,
            environment,
            c.version ?? null,
          );
          if (version !== undefined) {
            fromVersions[environment] = version;
          }
        }
        return {
          entityRef: c.entityRef,
          version: c.version ?? null,
          fromVersions,
        };
      }),
    );

    const environments = [...new Set(deployments.map(d => d.environment))];
    const current = signoffs.items.filter(s => s.round === signoffs.round);
    const notes: Omit<ReleaseNotes, 'markdown'> = {
      releaseId: release.id,
      title: release.title,
      type: release.type,
      phase: release.phase,
      owner: release.owner,
      plannedStart: release.plannedStart,
      plannedEnd: release.plannedEnd,
      actualStart: release.actualStart,
      actualEnd: release.actualEnd,
      generatedAt: now.toISOString(),
      components,
      deployments: options.deployments
        ? environments.map(environment => ({
            environment,
            items: deployments
              .filter(d => d.environment === environment)
              .map(({ environment: _env, ...d }) => d),
          }))
        : null,
      tasks: tasks.map(t => ({
        title: t.title,
        phase: t.phase,
        status: t.status,
        assignee: t.assignee,
        skipReason: t.skipReason,
        evidence: t.evidence,
      })),
      signoffs: [...current].reverse().map(s => ({
        name: s.name,
        signer: s.signer,
        signedAt: s.signedAt,
        comment: s.comment,
      })),
      approvals: {
        status: approvals.status,
        decisions: approvals.decisions
          .filter(d => d.round === release.approvalRound || release.breakGlass)
          .map(d => ({
            approver: d.approver,
            decision: d.decision,
            comment: d.comment,
            decidedAt: d.decidedAt,
          })),
      },
      review: review
        ? {
            outcome: review.outcome,
            wentWell: review.wentWell,
            wentWrong: review.wentWrong,
            actions: review.actions,
            reviewedBy: review.reviewedBy,
            reviewedAt: review.reviewedAt,
          }
        : null,
      edited:
        edited && edited.text !== ''
          ? {
              mode: edited.mode,
              text: edited.text,
              updatedBy: edited.updatedBy,
              updatedAt: edited.updatedAt,
            }
          : null,
      revision: edited?.revision ?? 0,
    };
    return { ...notes, markdown: notesMarkdown(notes) };
  }

  /** Saves what people wrote (until the release is closed), guarded by the notes' revision. */
  async edit(
    release: Release,
    input: ParsedNotes,
    actor: string,
    options: { deployments: boolean },
  ): Promise<ReleaseNotes> {
    if (!isOpenPhase(release.phase)) {
      throw conflictOn(
        'text',
        `the release is ${release.phase}; its notes can no longer change`,
      );
    }
    await this.options.store.save(
      release.id,
      input.revision,
      { mode: input.mode, text: input.text },
      actor,
      this.clock(),
    );
    return this.notes(release, options);
  }
}
