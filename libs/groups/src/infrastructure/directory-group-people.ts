import { Injectable } from '@nestjs/common';
import { DirectoryQueries } from '@kelisim/directory';
import { NotFoundError } from '@kelisim/kernel';
import { type GroupPerson, GroupPeople } from '../domain/groups.repositories.js';

/** Reads the directory through its public queries. */
@Injectable()
export class DirectoryGroupPeople extends GroupPeople {
  constructor(private readonly directory: DirectoryQueries) {
    super();
  }

  async find(ids: readonly string[]): Promise<Map<string, GroupPerson>> {
    const users = await Promise.all(
      [...new Set(ids)].map((id) =>
        this.directory.user(id).catch((error: unknown) => {
          if (error instanceof NotFoundError) return null;
          throw error;
        }),
      ),
    );
    return new Map(users.filter((u) => u !== null).map((u) => [u.id, { id: u.id, roles: u.roles, active: u.active }]));
  }
}
