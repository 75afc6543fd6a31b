// @ts-check

/**
 * Release plans people can run:
 * - roles per release (release manager, QA lead, ...), each held by a catalog
 *   user or group;
 * - tasks (from the release type's checklist or added by hand) with an
 *   assignee, a due date, a status and evidence, and milestones (a planned
 *   end per phase with a buffer);
 * - sign-offs (one per name per round; an edit of what was signed off starts
 *   a new round) and, on the release, the round and a plan revision that
 *   every plan change bumps under the release row lock, so that a phase move
 *   checked against the plan fails when the plan changed meanwhile;
 * - watches of releases and catalog entities, status updates, edited
 *   release notes, and the ledger of notices sent by scheduled jobs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('releases', table => {
    table
      .integer('plan_revision')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Bumped by every change of tasks, roles, milestones or sign-offs',
      );
    table
      .integer('signoff_round')
      .notNullable()
      .defaultTo(1)
      .comment(
        'Sign-offs count within a round; an edit of what was signed off starts a new one',
      );
  });

  await knex.schema.createTable('release_roles', table => {
    table.comment('Who holds each role of a release');
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('role_id', 63).notNullable();
    table.string('holder', 300).notNullable().comment('A user or group ref');
    table
      .string('holder_key', 300)
      .notNullable()
      .comment('The holder in lower case');
    table.string('assigned_by', 300).notNullable();
    table.timestamp('assigned_at', { useTz: true }).notNullable();
    table.primary(['release_id', 'role_id']);
    table.index(['holder_key'], 'release_roles_holder_idx');
  });

  await knex.schema.createTable('release_tasks', table => {
    table.comment(
      'Tasks of a release, from its checklist template or added by hand',
    );
    table.string('id', 36).primary().notNullable();
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.integer('position').notNullable();
    table.string('title', 200).notNullable();
    table.string('phase', 16).notNullable();
    table.string('assignee', 300).nullable();
    table
      .string('assignee_key', 300)
      .nullable()
      .comment('The assignee in lower case');
    table.timestamp('due_at', { useTz: true }).nullable();
    table.string('status', 16).notNullable();
    table.text('skip_reason').nullable();
    table
      .text('evidence')
      .notNullable()
      .comment('JSON: [{ kind, url | deploymentId }]');
    table
      .string('template', 16)
      .nullable()
      .comment('The release type whose checklist added it');
    table.string('created_by', 300).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('updated_by', 300).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.string('completed_by', 300).nullable();
    table.timestamp('completed_at', { useTz: true }).nullable();
    table.integer('revision').notNullable();
    table.unique(['release_id', 'position'], {
      indexName: 'release_tasks_position_uq',
    });
    table.index(['assignee_key', 'status'], 'release_tasks_assignee_idx');
    table.index(['due_at'], 'release_tasks_due_idx');
  });

  await knex.schema.createTable('release_milestones', table => {
    table.comment('Planned end of a phase of a release, with a buffer');
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('phase', 16).notNullable();
    table.timestamp('planned_end', { useTz: true }).notNullable();
    table.integer('buffer_days').notNullable();
    table.string('updated_by', 300).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['release_id', 'phase']);
    table.index(['planned_end'], 'release_milestones_planned_idx');
  });

  await knex.schema.createTable('release_signoffs', table => {
    table.comment(
      'Named sign-offs (QA, UAT, ...); append-only, one per name per round',
    );
    table.bigIncrements('id').primary();
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.integer('round').notNullable();
    table.string('name', 100).notNullable();
    table.string('signer', 300).notNullable();
    table
      .string('on_behalf_of', 300)
      .notNullable()
      .comment('The role id or group the signer signed for');
    table.text('comment').notNullable();
    table.timestamp('signed_at', { useTz: true }).notNullable();
    table.unique(['release_id', 'round', 'name'], {
      indexName: 'release_signoffs_one_per_round_uq',
    });
  });

  await knex.schema.createTable('watches', table => {
    table.comment('People and groups watching a release or a catalog entity');
    table.string('id', 36).primary().notNullable();
    table.string('watcher', 300).notNullable().comment('A user or group ref');
    table.string('watcher_key', 300).notNullable();
    table.string('target_kind', 16).notNullable().comment('release or entity');
    table
      .string('target', 300)
      .notNullable()
      .comment('A release id, or an entity ref as the catalog spells it');
    table
      .string('target_key', 300)
      .notNullable()
      .comment('The target in lower case');
    table.string('created_by', 300).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['watcher_key', 'target_kind', 'target_key'], {
      indexName: 'watches_one_per_target_uq',
    });
    table.index(['target_kind', 'target_key'], 'watches_target_idx');
  });

  await knex.schema.createTable('release_status_updates', table => {
    table.comment('Status updates posted by the release manager; append-only');
    table.bigIncrements('id').primary();
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('author', 300).notNullable();
    table.string('health', 16).notNullable();
    table.text('text').notNullable();
    table.timestamp('posted_at', { useTz: true }).notNullable();
    table.index(['release_id', 'id'], 'release_status_updates_release_idx');
  });

  await knex.schema.createTable('release_notes', table => {
    table.comment(
      'Release notes text written by people, beside the generated part',
    );
    table
      .string('release_id', 36)
      .primary()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.string('mode', 16).notNullable().comment('extend or override');
    table.text('text').notNullable();
    table.integer('revision').notNullable();
    table.string('updated_by', 300).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('release_notices', table => {
    table.comment(
      'Notices sent by scheduled jobs, so that each is sent once across replicas',
    );
    table.string('notice_key', 300).primary().notNullable();
    table
      .string('release_id', 36)
      .notNullable()
      .references('id')
      .inTable('releases')
      .onDelete('CASCADE');
    table.timestamp('sent_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_notices');
  await knex.schema.dropTable('release_notes');
  await knex.schema.dropTable('release_status_updates');
  await knex.schema.dropTable('watches');
  await knex.schema.dropTable('release_signoffs');
  await knex.schema.dropTable('release_milestones');
  await knex.schema.dropTable('release_tasks');
  await knex.schema.dropTable('release_roles');
  await knex.schema.alterTable('releases', table => {
    table.dropColumn('signoff_round');
    table.dropColumn('plan_revision');
  });
};
