// @ts-check

/**
 * When each release first entered deploy, kept on the release itself so that
 * release frequency and lead time read one indexed column instead of
 * aggregating every phase period. Backfilled from the phase periods.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('releases', table => {
    table.timestamp('first_deployed_at', { useTz: true }).nullable();
    table.index(['first_deployed_at'], 'releases_first_deployed_idx');
  });
  await knex('releases').update({
    first_deployed_at: knex('release_phase_periods')
      .min('entered_at')
      .where('phase', 'deploy')
      .whereRaw('release_phase_periods.release_id = releases.id'),
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('releases', table => {
    table.dropIndex(['first_deployed_at'], 'releases_first_deployed_idx');
    table.dropColumn('first_deployed_at');
  });
};
