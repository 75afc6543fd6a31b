// @ts-check

/**
 * Governance invariants:
 * - who last re-owned a release (separation of duties covers them like the
 *   creator), and who broke glass with the review it owes as it was then
 *   (an edit can no longer make an owed review disappear);
 * - one decision per approver per approval round, enforced by the database
 *   (repeats before this migration are folded into the first one);
 * - deployments keep the time the reporter claimed apart from the server's
 *   recording time, which alone decides authorization and current versions;
 * - the latest release-read decision of each user, so notifications about a
 *   release reach only people the permission policy lets read it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('releases', table => {
    table.string('owner_changed_by', 300).nullable();
    table.string('break_glass_by', 300).nullable();
    table.timestamp('break_glass_due_at', { useTz: true }).nullable();
    table
      .text('break_glass_obligation')
      .nullable()
      .comment('JSON: the review rules owed after break-glass, as they were then');
  });

  // Keep the earliest decision of each approver in each round.
  const duplicates = await knex('approvals')
    .select('release_id', 'round', 'approver')
    .min({ keep: 'id' })
    .groupBy('release_id', 'round', 'approver')
    .havingRaw('count(*) > 1');
  for (const row of /** @type {Array<{ release_id: string; round: number; approver: string; keep: number }>} */ (
    /** @type {unknown} */ (duplicates)
  )) {
    await knex('approvals')
      .where({
        release_id: row.release_id,
        round: row.round,
        approver: row.approver,
      })
      .whereNot('id', row.keep)
      .delete();
  }
  await knex.schema.alterTable('approvals', table => {
    table.unique(['release_id', 'round', 'approver'], {
      indexName: 'approvals_one_per_approver_uq',
    });
  });

  await knex.schema.alterTable('deployments', table => {
    table
      .timestamp('reported_at', { useTz: true })
      .nullable()
      .comment('The time the reporter gave; deployed_at is the server time');
  });

  await knex.schema.createTable('read_decisions', table => {
    table.comment(
      'The latest decision on releases.release.read of each user, learnt from their own requests',
    );
    table.string('user_ref', 300).primary().notNullable();
    table.text('decision').notNullable().comment('JSON: a policy decision');
    table.timestamp('decided_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('read_decisions');
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('reported_at');
  });
  await knex.schema.alterTable('approvals', table => {
    table.dropUnique(
      ['release_id', 'round', 'approver'],
      'approvals_one_per_approver_uq',
    );
  });
  await knex.schema.alterTable('releases', table => {
    table.dropColumn('break_glass_obligation');
    table.dropColumn('break_glass_due_at');
    table.dropColumn('break_glass_by');
    table.dropColumn('owner_changed_by');
  });
};
