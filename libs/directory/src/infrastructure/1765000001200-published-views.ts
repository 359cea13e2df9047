import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the directory publishes to other contexts' SQL (issue 12, point 2): its tables are its own,
 * these views are the read surface others may join (a read side, the notifications' delivery
 * join, the tasks' participant look-up, the calendar feed). No password hash, no token generation.
 * Plain views: the planner inlines them, so a join through one uses the tables' indexes.
 */
export class DirectoryPublishedViews1765000001200 implements MigrationInterface {
  name = 'DirectoryPublishedViews1765000001200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE VIEW directory_organizations AS
        SELECT id, name, short_name, kind, parent_id, timezone FROM organizations`);
    await db.query(`
      CREATE VIEW directory_users AS
        SELECT id, full_name, email, organization_id, position, head_id, roles, locale, timezone, active FROM users`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP VIEW directory_users, directory_organizations');
  }
}
