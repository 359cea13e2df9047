import { Injectable } from '@nestjs/common';
import { DirectoryQueries } from '@kelisim/directory';
import { type GroupPerson, GroupPeople } from '../domain/groups.repositories.js';

/** Reads the directory through its public queries. */
@Injectable()
export class DirectoryGroupPeople extends GroupPeople {
  constructor(private readonly directory: DirectoryQueries) {
    super();
  }

  async find(ids: readonly string[]): Promise<Map<string, GroupPerson>> {
    const users = await this.directory.usersByIds(ids);
    return new Map([...users.values()].map((u) => [u.id, { id: u.id, roles: u.roles, active: u.active }]));
  }
}
