// @ts-check

const DEPLOYMENT_KEY = ['entity_ref', 'environment', 'deployed_at'];
const DEPLOYMENT_FIGURES = [
  'status',
  'incident_count',
  'committed_at',
  'finished_at',
];

/**
 * KPIs answered from the component rows' index alone. Release frequency, lead
 * time and change success rate of a scope count each release once by its
 * first entry into deploy or its review; with the release's creation time and
 * the review's outcome kept on each release–component row (the first never
 * changes, the second is written in the review's transaction), and both in
 * the per-component indexes, those counts read index entries only instead of
 * fetching every component row and then every release or review.
 *
 * The production-deployment figures (count, change failure rate, lead time
 * for changes and its median) likewise read the per-component history index
 * alone once it carries the columns they add up.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('release_components', table => {
    table.timestamp('release_created_at', { useTz: true }).nullable();
    table.string('review_outcome', 32).nullable();
  });

  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      UPDATE release_components rc
         SET release_created_at = r.created_at, review_outcome = rv.outcome
        FROM releases r
        LEFT JOIN release_reviews rv ON rv.release_id = r.id
       WHERE r.id = rc.release_id`);
  } else {
    await knex('release_components').update({
      release_created_at: knex.raw(
        '(SELECT created_at FROM releases WHERE releases.id = release_components.release_id)',
      ),
      review_outcome: knex.raw(
        '(SELECT outcome FROM release_reviews WHERE release_reviews.release_id = release_components.release_id)',
      ),
    });
  }

  await knex.schema.alterTable('release_components', table => {
    table.dropIndex(
      ['entity_ref', 'first_deployed_at'],
      'release_components_entity_deployed_idx',
    );
    table.dropIndex(
      ['entity_ref', 'reviewed_at'],
      'release_components_entity_reviewed_idx',
    );
  });
  await knex.schema.alterTable('release_components', table => {
    table.index(
      ['entity_ref', 'first_deployed_at', 'release_id', 'release_created_at'],
      'release_components_entity_deployed_idx',
    );
    table.index(
      ['entity_ref', 'reviewed_at', 'release_id', 'review_outcome'],
      'release_components_entity_reviewed_idx',
    );
  });

  await knex.schema.alterTable('deployments', table => {
    table.dropIndex(DEPLOYMENT_KEY, 'deployments_entity_env_time_idx');
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE INDEX deployments_entity_env_time_idx
          ON deployments (entity_ref, environment, deployed_at)
     INCLUDE (status, incident_count, committed_at, finished_at)`);
  } else {
    await knex.schema.alterTable('deployments', table => {
      table.index(
        [...DEPLOYMENT_KEY, ...DEPLOYMENT_FIGURES],
        'deployments_entity_env_time_idx',
      );
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex(DEPLOYMENT_KEY, 'deployments_entity_env_time_idx');
  });
  await knex.schema.alterTable('deployments', table => {
    table.index(DEPLOYMENT_KEY, 'deployments_entity_env_time_idx');
  });
  await knex.schema.alterTable('release_components', table => {
    table.dropIndex(
      ['entity_ref', 'reviewed_at', 'release_id', 'review_outcome'],
      'release_components_entity_reviewed_idx',
    );
    table.dropIndex(
      ['entity_ref', 'first_deployed_at', 'release_id', 'release_created_at'],
      'release_components_entity_deployed_idx',
    );
  });
  await knex.schema.alterTable('release_components', table => {
    table.index(
      ['entity_ref', 'first_deployed_at'],
      'release_components_entity_deployed_idx',
    );
    table.index(
      ['entity_ref', 'reviewed_at'],
      'release_components_entity_reviewed_idx',
    );
    table.dropColumn('review_outcome');
    table.dropColumn('release_created_at');
  });
};
