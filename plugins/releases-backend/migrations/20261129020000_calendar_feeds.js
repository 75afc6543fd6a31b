// @ts-check

/**
 * Secret calendar feed tokens: calendar apps cannot sign in, so each user can
 * mint revocable feed URLs. Only a SHA-256 hash of each token is stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('feed_tokens', table => {
    table.comment('Per-user secret tokens for iCalendar feeds');
    table.string('id', 36).primary().notNullable();
    table.string('user_ref', 300).notNullable();
    table.string('name', 100).notNullable();
    table.string('token_hash', 64).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('last_used_at', { useTz: true }).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.unique(['token_hash'], { indexName: 'feed_tokens_hash_uq' });
    table.index(['user_ref'], 'feed_tokens_user_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('feed_tokens');
};
