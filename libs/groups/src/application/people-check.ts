import { NotAControllerError, UnknownPersonError } from '../domain/groups.errors.js';
import type { GroupPeople } from '../domain/groups.repositories.js';

/** A person a command names, with the request field that names them (for the 400's `errors[]`). */
export type Named = readonly [field: string, userId: string | null | undefined];

/** Every named person must be an active user; those in `controllers` must also have the controller role. */
export async function requirePeople(people: GroupPeople, named: readonly Named[], controllers: readonly Named[] = []): Promise<void> {
  const all = [...named, ...controllers].filter((entry): entry is readonly [string, string] => typeof entry[1] === 'string');
  const found = await people.find(all.map(([, id]) => id));
  for (const [field, id] of all) {
    if (!found.get(id)?.active) throw new UnknownPersonError(field, id);
  }
  for (const [field, id] of controllers) {
    if (id && !found.get(id)!.roles.includes('controller')) throw new NotAControllerError(field);
  }
}
