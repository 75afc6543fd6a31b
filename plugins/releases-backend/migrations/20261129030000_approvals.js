// @ts-check

/**
 * Approval workflows: append-only approval decisions per release and approval
 * round (an edit to what was approved starts a new round), and the break-glass
 * record of emergency releases that entered deploy before being approved.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('releases', table => {
    table.integer('approval_round').notNullable().defaultTo(1);
    table.timestamp('break_glass_at', { useTz: true }).nullable();
    table.text('break_glass_reason').nullable();
  });

  await knex.schema.createTable('approvals', table => {
    table.comment('Approval decisions; append-only');
    table.bigIncrements('id').primary();
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.integer('round').notNullable();
    table.string('approver', 300).notNullable();
    table.string('on_behalf_of', 300).nullable();
    table.string('decision', 16).notNullable();
    table.text('comment').notNullable();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    table.index(['release_id', 'round'], 'approvals_release_round_idx');
    table.index(['approver'], 'approvals_approver_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('approvals');
  await knex.schema.alterTable('releases', table => {
    table.dropColumn('break_glass_reason');
    table.dropColumn('break_glass_at');
    table.dropColumn('approval_round');
  });
};
