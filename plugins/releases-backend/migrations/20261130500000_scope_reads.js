// @ts-check

/**
 * Reads that start from the scope. The Releases tab, the calendar and the
 * KPIs ask "the releases of these components in this window"; with the
 * phase, the planned window, the first entry into deploy and the review time
 * kept on each release–component row (in the same transaction as the
 * release), an index per component answers them without reading every
 * release in the window. Each deployment keeps how many incidents were
 * attributed to it, so the change failure rate never reads the incidents.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('release_components', table => {
    table.string('phase', 16).nullable();
    table.timestamp('planned_start', { useTz: true }).nullable();
    table.timestamp('planned_end', { useTz: true }).nullable();
    table.timestamp('first_deployed_at', { useTz: true }).nullable();
    table.timestamp('reviewed_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('deployments', table => {
    table.integer('incident_count').notNullable().defaultTo(0);
  });

  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      UPDATE release_components rc
         SET phase = r.phase, planned_start = r.planned_start,
             planned_end = r.planned_end, first_deployed_at = r.first_deployed_at
        FROM releases r
       WHERE r.id = rc.release_id`);
    await knex.raw(`
      UPDATE release_components rc
         SET reviewed_at = rv.reviewed_at
        FROM release_reviews rv
       WHERE rv.release_id = rc.release_id`);
    await knex.raw(`
      UPDATE deployments d
         SET incident_count = i.n
        FROM (SELECT deployment_id, count(*) AS n FROM incidents
               WHERE deployment_id IS NOT NULL GROUP BY deployment_id) i
       WHERE i.deployment_id = d.id`);
  } else {
    /**
     * @param {string} column
     * @param {string} [table]
     * @param {string} [key]
     */
    const of = (column, table = 'releases', key = 'id') =>
      knex.raw(
        `(SELECT ${column} FROM ${table} WHERE ${table}.${key} = release_components.release_id)`,
      );
    await knex('release_components').update({
      phase: of('phase'),
      planned_start: of('planned_start'),
      planned_end: of('planned_end'),
      first_deployed_at: of('first_deployed_at'),
      reviewed_at: of('reviewed_at', 'release_reviews', 'release_id'),
    });
    await knex('deployments').update({
      incident_count: knex.raw(
        '(SELECT count(*) FROM incidents WHERE incidents.deployment_id = deployments.id)',
      ),
    });
  }

  await knex.schema.alterTable('release_components', table => {
    table.index(['entity_ref', 'planned_end'], 'release_components_entity_end_idx');
    table.index(
      ['entity_ref', 'phase', 'planned_start'],
      'release_components_entity_phase_idx',
    );
    table.index(
      ['entity_ref', 'first_deployed_at'],
      'release_components_entity_deployed_idx',
    );
    table.index(
      ['entity_ref', 'reviewed_at'],
      'release_components_entity_reviewed_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('release_components', table => {
    table.dropIndex(['entity_ref', 'reviewed_at'], 'release_components_entity_reviewed_idx');
    table.dropIndex(
      ['entity_ref', 'first_deployed_at'],
      'release_components_entity_deployed_idx',
    );
    table.dropIndex(
      ['entity_ref', 'phase', 'planned_start'],
      'release_components_entity_phase_idx',
    );
    table.dropIndex(['entity_ref', 'planned_end'], 'release_components_entity_end_idx');
    table.dropColumn('reviewed_at');
    table.dropColumn('first_deployed_at');
    table.dropColumn('planned_end');
    table.dropColumn('planned_start');
    table.dropColumn('phase');
  });
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('incident_count');
  });
};
