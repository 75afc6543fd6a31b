// @ts-check

/**
 * Configuration-item tracking: every deployment of a component to an
 * environment, the current version per component and environment, named
 * baselines, and the periods each release spent in each phase (which tell
 * whether a deployment happened while its release was in `deploy`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_phase_periods', table => {
    table.comment('When a release entered and left each phase');
    table.bigIncrements('id').primary();
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('phase', 16).notNullable();
    table.timestamp('entered_at', { useTz: true }).notNullable();
    table.timestamp('left_at', { useTz: true }).nullable();
    table.index(['release_id', 'phase'], 'release_phase_periods_release_idx');
  });

  // Releases created before this migration start with their current phase.
  const releases = await knex('releases').select('id', 'phase', 'updated_at');
  for (const release of releases) {
    await knex('release_phase_periods').insert({
      release_id: release.id,
      phase: release.phase,
      entered_at: release.updated_at,
      left_at: null,
    });
  }

  await knex.schema.createTable('deployments', table => {
    table.comment('Every reported deployment of a component (the CI record)');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 300).notNullable();
    table.string('environment', 63).notNullable();
    table.string('version', 100).notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('deployed_at', { useTz: true }).notNullable();
    table.string('actor', 300).notNullable();
    table.string('source', 100).notNullable();
    table.string('external_id', 200).notNullable();
    table.string('release_id', 36).nullable();
    table.string('commit', 100).nullable();
    table.string('url', 2000).nullable();
    table.boolean('authorized').notNullable();
    table.string('authorization_reason', 500).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();

    // Idempotency: a repeat of the same report is the same record.
    table.unique(['source', 'external_id'], {
      indexName: 'deployments_source_external_id_uq',
    });
    // A component's history, newest first, per environment.
    table.index(
      ['entity_ref', 'environment', 'deployed_at'],
      'deployments_entity_env_time_idx',
    );
    // Audit lists across components.
    table.index(['deployed_at'], 'deployments_time_idx');
    table.index(
      ['authorized', 'deployed_at'],
      'deployments_authorized_time_idx',
    );
    table.index(['release_id'], 'deployments_release_idx');
  });

  await knex.schema.createTable('current_versions', table => {
    table.comment(
      'Latest successful deployment per component and environment, kept in step with deployments',
    );
    table.string('entity_ref', 300).notNullable();
    table.string('environment', 63).notNullable();
    table.bigInteger('deployment_id').notNullable();
    table.timestamp('deployed_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'environment']);
  });

  await knex.schema.createTable('baselines', table => {
    table.comment('Named snapshots of the versions matrix for a scope');
    table.string('id', 36).primary().notNullable();
    table.string('name', 200).notNullable();
    table.string('scope_kind', 16).notNullable();
    table.string('scope_ref', 300).notNullable();
    table.string('created_by', 300).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['created_at'], 'baselines_created_idx');
  });

  await knex.schema.createTable('baseline_items', table => {
    table
      .string('baseline_id', 36)
      .notNullable()
      .references('id')
      .inTable('baselines')
      .onDelete('CASCADE');
    table.string('entity_ref', 300).notNullable();
    table.string('environment', 63).notNullable();
    table.string('version', 100).notNullable();
    table.bigInteger('deployment_id').notNullable();
    table.timestamp('deployed_at', { useTz: true }).notNullable();
    table.primary(['baseline_id', 'entity_ref', 'environment']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('baseline_items');
  await knex.schema.dropTable('baselines');
  await knex.schema.dropTable('current_versions');
  await knex.schema.dropTable('deployments');
  await knex.schema.dropTable('release_phase_periods');
};
