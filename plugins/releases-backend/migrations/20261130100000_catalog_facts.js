// @ts-check

/**
 * A local copy of the catalog facts the plugin reads on its hot paths
 * (existence, scopes, the dependency graph, group memberships), kept by a
 * scheduled sync so that pages do not ask the catalog over HTTP.
 *
 * Refs compare case-insensitively in the catalog, so every ref that is looked
 * up is stored twice: lower-cased in a `*_key` column that the indexes use,
 * and as the catalog spells it for display.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('catalog_entities', table => {
    table.comment('Catalog entities as the releases plugin last synced them');
    table.string('ref_key', 300).primary().notNullable();
    table.string('ref', 300).notNullable();
    table.string('kind', 64).notNullable();
    table.string('namespace', 100).notNullable();
    table.string('name', 100).notNullable();
    table.text('title').nullable();
    table.string('system', 300).nullable();
    table.string('system_key', 300).nullable();
    table.string('owner', 300).nullable();
    table.string('owner_key', 300).nullable();
    table.text('lifecycle').nullable();
    table.text('tags').notNullable().comment('JSON array');
    table
      .string('content_hash', 64)
      .notNullable()
      .comment(
        'sha256 of the stored facts; a sync writes only when it changes',
      );
    table
      .string('catalog_etag', 100)
      .nullable()
      .comment('metadata.etag; a sync fetches the facts only when it changed');
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('synced_at', { useTz: true }).notNullable();
    table.index(['system_key', 'kind'], 'catalog_entities_system_idx');
    table.index(['owner_key', 'kind'], 'catalog_entities_owner_idx');
    table.index(['kind'], 'catalog_entities_kind_idx');
  });

  await knex.schema.createTable('catalog_relations', table => {
    table.comment(
      'Relations of the synced entities (dependsOn, partOf, memberOf, ...)',
    );
    table.string('source_key', 300).notNullable();
    table.string('type', 64).notNullable();
    table.string('target_key', 300).notNullable();
    table.string('target', 300).notNullable();
    table
      .integer('position')
      .notNullable()
      .comment('Order in the catalog entity; graph walks follow it');
    table.primary(['source_key', 'type', 'target_key']);
    // Members of a group, dependents of a component: from the target side.
    table.index(['target_key', 'type'], 'catalog_relations_target_idx');
  });

  await knex.schema.createTable('catalog_annotations', table => {
    table.comment('The annotations of synced entities that the plugin uses');
    table.string('entity_key', 300).notNullable();
    table.string('key', 300).notNullable();
    table.text('value').notNullable();
    table
      .string('value_key', 255)
      .notNullable()
      .comment('Lower-cased value, cut to 255 characters, for the index');
    table.primary(['entity_key', 'key']);
    table.index(['key', 'value_key'], 'catalog_annotations_value_idx');
  });

  await knex.schema.createTable('catalog_sync_state', table => {
    table.comment('One row: how the last catalog sync went');
    table.string('id', 16).primary().notNullable();
    table.timestamp('last_sync_at', { useTz: true }).nullable();
    table.timestamp('last_success_at', { useTz: true }).nullable();
    table.integer('entity_count').notNullable().defaultTo(0);
    table.text('last_error').nullable();
  });
  await knex('catalog_sync_state').insert({ id: 'catalog', entity_count: 0 });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('catalog_sync_state');
  await knex.schema.dropTable('catalog_annotations');
  await knex.schema.dropTable('catalog_relations');
  await knex.schema.dropTable('catalog_entities');
};
