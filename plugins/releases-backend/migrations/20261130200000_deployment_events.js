// @ts-check

/**
 * Deployments seen through their tools' events: a deployment moves forward
 * through queued, in_progress and a final state (cancelled is new), with the
 * server's times of its start and end and the reported time of its commit
 * (DORA's lead time for changes starts there). Events that cannot be mapped to
 * a component are kept for administrators, one row per distinct payload.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table
      .timestamp('started_at', { useTz: true })
      .nullable()
      .comment('When the server first saw it in_progress');
    table
      .timestamp('finished_at', { useTz: true })
      .nullable()
      .comment('When the server first saw it in a final state');
    table
      .timestamp('committed_at', { useTz: true })
      .nullable()
      .comment('Reported time of the deployed commit');
  });
  // Every deployment recorded so far was reported in its final state.
  await knex('deployments').update({ finished_at: knex.ref('deployed_at') });

  await knex.schema.createTable('unmapped_events', table => {
    table.comment(
      'Webhook events that could not be recorded, with the reason, for administrators',
    );
    table.bigIncrements('id').primary();
    table.string('source', 100).notNullable();
    table.string('topic', 200).notNullable();
    table
      .string('payload_hash', 64)
      .notNullable()
      .comment(
        'sha256 of the payload: a redelivery counts, it is not listed twice',
      );
    table.string('reason', 1000).notNullable();
    table.string('summary', 500).nullable();
    table.text('payload_excerpt').notNullable();
    table.integer('deliveries').notNullable().defaultTo(1);
    table.timestamp('first_received_at', { useTz: true }).notNullable();
    table.timestamp('last_received_at', { useTz: true }).notNullable();
    table.unique(['source', 'payload_hash'], {
      indexName: 'unmapped_events_source_payload_uq',
    });
    table.index(['last_received_at'], 'unmapped_events_received_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('unmapped_events');
  // The older schema knows final states only: a cancelled deployment may
  // have changed part of the environment (failed is the nearest), and one
  // that never finished cannot be told apart from a finished one.
  await knex('deployments')
    .where('status', 'cancelled')
    .update({ status: 'failed' });
  await knex('deployments')
    .whereIn('status', ['queued', 'in_progress'])
    .delete();
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('started_at');
    table.dropColumn('finished_at');
    table.dropColumn('committed_at');
  });
};
