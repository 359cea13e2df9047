import { directoryMigrations } from '@kelisim/directory';
import { type MigrationClass, persistenceMigrations } from '@kelisim/persistence';

/** Every context's migrations, in the order their timestamps give. */
export const allMigrations: MigrationClass[] = [...persistenceMigrations, ...directoryMigrations];
