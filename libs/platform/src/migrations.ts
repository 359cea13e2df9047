import { auditMigrations } from '@kelisim/audit';
import { calendarMigrations, remindersMigrations } from '@kelisim/deadlines';
import { notificationsMigrations } from '@kelisim/notifications';
import { directoryMigrations } from '@kelisim/directory';
import { groupsMigrations } from '@kelisim/groups';
import { memorandaMigrations } from '@kelisim/memoranda';
import { type MigrationClass, persistenceMigrations } from '@kelisim/persistence';
import { queueMigrations } from '@kelisim/queue';
import { tasksMigrations } from '@kelisim/tasks';

/** Every context's migrations, in the order their timestamps give. */
export const allMigrations: MigrationClass[] = [...persistenceMigrations, ...directoryMigrations, ...tasksMigrations, ...memorandaMigrations, ...groupsMigrations, ...calendarMigrations, ...remindersMigrations, ...notificationsMigrations, ...queueMigrations, ...auditMigrations];
