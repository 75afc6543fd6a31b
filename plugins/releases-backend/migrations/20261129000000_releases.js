// @ts-check

/**
 * Releases, the components they touch and their append-only history.
 *
 * Timestamps are written by the application as UTC instants (never by database
 * defaults) so that SQLite and PostgreSQL hold the same values.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('releases', table => {
    table.comment('A planned change to one or more catalog components');
    table.string('id', 36).primary().notNullable();
    table.string('title', 200).notNullable();
    table.text('description').notNullable();
    table.string('type', 16).notNullable();
    table.string('phase', 16).notNullable();
    table.timestamp('planned_start', { useTz: true }).notNullable();
    table.timestamp('planned_end', { useTz: true }).notNullable();
    table.timestamp('actual_start', { useTz: true }).nullable();
    table.timestamp('actual_end', { useTz: true }).nullable();
    table.string('owner', 300).notNullable();
    table.string('created_by', 300).notNullable();
    table.text('environments').notNullable().comment('JSON array of names');
    table.integer('revision').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();

    table.index(['planned_start', 'id'], 'releases_planned_start_idx');
    table.index(['owner', 'planned_start'], 'releases_owner_planned_start_idx');
    table.index(['phase', 'planned_start'], 'releases_phase_planned_start_idx');
    table.index(['planned_end'], 'releases_planned_end_idx');
  });

  await knex.schema.createTable('release_components', table => {
    table.comment('The catalog components a release changes');
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('entity_ref', 300).notNullable();
    table.string('version', 100).nullable();
    table.integer('position').notNullable();
    table.primary(['release_id', 'entity_ref']);
    // The Releases tab of a component: every release that touches it.
    table.index(['entity_ref', 'release_id'], 'release_components_entity_idx');
  });

  await knex.schema.createTable('release_events', table => {
    table.comment('Append-only history of every change to a release');
    table.bigIncrements('id').primary();
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('type', 32).notNullable();
    table.string('actor', 300).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.text('reason').nullable();
    table
      .text('changes')
      .notNullable()
      .comment('JSON: field -> {before, after}');
    table.index(['release_id', 'id'], 'release_events_release_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_events');
  await knex.schema.dropTable('release_components');
  await knex.schema.dropTable('releases');
};
