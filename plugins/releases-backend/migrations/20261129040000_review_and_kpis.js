// @ts-check

/**
 * Review and KPIs: post-implementation reviews, incidents attributed to the
 * deployment that likely caused them, and each release's outcome and risk.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('releases', table => {
    table.string('outcome', 32).nullable();
    table.text('risk').nullable().comment('JSON: score, level, reasons');
  });

  await knex.schema.createTable('release_reviews', table => {
    table.comment('Post-implementation review, one per release');
    table
      .string('release_id', 36)
      .primary()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('outcome', 32).notNullable();
    table.text('went_well').notNullable();
    table.text('went_wrong').notNullable();
    table
      .text('actions')
      .notNullable()
      .comment('JSON: [{ description, owner }]');
    table.string('reviewed_by', 300).notNullable();
    table.timestamp('reviewed_at', { useTz: true }).notNullable();
    table.index(['reviewed_at'], 'release_reviews_time_idx');
  });

  await knex.schema.createTable('incidents', table => {
    table.comment(
      'Incidents reported by monitoring, attributed to deployments',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 300).notNullable();
    table.string('environment', 63).notNullable();
    table.string('severity', 16).notNullable();
    table.string('title', 500).notNullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.string('url', 2000).nullable();
    table.string('source', 100).notNullable();
    table.string('external_id', 200).notNullable();
    table.bigInteger('deployment_id').nullable();
    table.string('release_id', 36).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['source', 'external_id'], {
      indexName: 'incidents_source_external_id_uq',
    });
    table.index(['entity_ref', 'opened_at'], 'incidents_entity_time_idx');
    table.index(['opened_at'], 'incidents_time_idx');
    table.index(['deployment_id'], 'incidents_deployment_idx');
    table.index(['release_id'], 'incidents_release_idx');
  });

  // Metrics over a period: deployments by time across components.
  await knex.schema.alterTable('release_phase_periods', table => {
    table.index(
      ['phase', 'entered_at'],
      'release_phase_periods_phase_time_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('release_phase_periods', table => {
    table.dropIndex(
      ['phase', 'entered_at'],
      'release_phase_periods_phase_time_idx',
    );
  });
  await knex.schema.dropTable('incidents');
  await knex.schema.dropTable('release_reviews');
  await knex.schema.alterTable('releases', table => {
    table.dropColumn('risk');
    table.dropColumn('outcome');
  });
};
