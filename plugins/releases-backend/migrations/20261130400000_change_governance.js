// @ts-check

/**
 * Change governance as change managers run it:
 * - on a release, its rollback plan and the standard change it was created
 *   from (with the verdict as of its last change: whether it qualifies, why);
 * - CAB meetings, one row per board and occurrence, created lazily when first
 *   read or acted on (the id is derived from the board and the start, so
 *   replicas creating the same meeting at once insert one row); agenda items
 *   (announced with the agenda, or added by a member) and the chair's
 *   decisions: at most one approval or rejection per board, release and
 *   approval round, enforced by the database;
 * - freezes declared at runtime: never deleted, lifting records who and when;
 *   `active_until` (the end, or when it was lifted; null while open-ended)
 *   makes "what is in force now" one indexed range query.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('releases', table => {
    table
      .text('rollback_plan')
      .nullable()
      .comment('JSON: { text, link? }');
    table
      .string('standard_change', 100)
      .nullable()
      .comment('The standard change (template name) it was created from');
    table
      .text('standard_change_status')
      .nullable()
      .comment('JSON: { qualifies, reason } as of the last change');
  });

  await knex.schema.createTable('cab_meetings', table => {
    table.comment('Occurrences of CAB boards, created when first read or acted on');
    table.string('id', 200).primary().notNullable();
    table.string('board', 100).notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.string('timezone', 64).notNullable();
    table.text('minutes').nullable();
    table.string('minutes_by', 300).nullable();
    table.timestamp('minutes_at', { useTz: true }).nullable();
    table.timestamp('agenda_announced_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['board', 'starts_at'], {
      indexName: 'cab_meetings_board_start_uq',
    });
  });

  await knex.schema.createTable('cab_items', table => {
    table.comment('Releases on a meeting agenda: announced with it or added by hand');
    table.increments('id');
    table
      .string('meeting_id', 200)
      .notNullable()
      .references('id')
      .inTable('cab_meetings')
      .onDelete('CASCADE');
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('source', 20).notNullable().comment('agenda | manual');
    table.string('added_by', 300).nullable();
    table.timestamp('added_at', { useTz: true }).notNullable();
    table.text('note').nullable();
    table.unique(['meeting_id', 'release_id'], {
      indexName: 'cab_items_meeting_release_uq',
    });
    table.index(['release_id'], 'cab_items_release_idx');
  });

  await knex.schema.createTable('cab_decisions', table => {
    table.comment('Decisions of the chair, append-only');
    table.increments('id');
    table
      .string('meeting_id', 200)
      .notNullable()
      .references('id')
      .inTable('cab_meetings')
      .onDelete('CASCADE');
    table.string('board', 100).notNullable();
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.integer('round').notNullable();
    table.string('decision', 20).notNullable().comment('approved | rejected | deferred');
    table.text('comment').notNullable();
    table.string('decided_by', 300).notNullable();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    table.index(['release_id', 'round'], 'cab_decisions_release_idx');
    table.index(['meeting_id'], 'cab_decisions_meeting_idx');
  });
  // One approval or rejection per board, release and round, whichever
  // meeting it is given in; and one deferral per meeting, release and round.
  await knex.raw(
    `CREATE UNIQUE INDEX cab_decisions_final_uq ON cab_decisions (board, release_id, round) WHERE decision <> 'deferred'`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX cab_decisions_deferral_uq ON cab_decisions (meeting_id, release_id, round) WHERE decision = 'deferred'`,
  );

  await knex.schema.createTable('runtime_freezes', table => {
    table.comment('Freezes declared at runtime; lifted, never deleted');
    table.string('id', 36).primary().notNullable();
    table.string('name', 100).notNullable();
    table.text('reason').notNullable();
    table.text('environments').notNullable().comment('JSON array');
    table.text('selector').nullable().comment('JSON: a component selector');
    table.text('allow').notNullable().comment('JSON array of release types');
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).nullable();
    table
      .timestamp('active_until', { useTz: true })
      .nullable()
      .comment('ends_at, or lifted_at once lifted; null while open-ended');
    table.string('declared_by', 300).notNullable();
    table.timestamp('declared_at', { useTz: true }).notNullable();
    table.string('lifted_by', 300).nullable();
    table.timestamp('lifted_at', { useTz: true }).nullable();
    table.text('lift_reason').nullable();
    table.index(['active_until'], 'runtime_freezes_active_until_idx');
    table.index(['starts_at'], 'runtime_freezes_starts_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('runtime_freezes');
  await knex.schema.dropTable('cab_decisions');
  await knex.schema.dropTable('cab_items');
  await knex.schema.dropTable('cab_meetings');
  await knex.schema.alterTable('releases', table => {
    table.dropColumn('standard_change_status');
    table.dropColumn('standard_change');
    table.dropColumn('rollback_plan');
  });
};
