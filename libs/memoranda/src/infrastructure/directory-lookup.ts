import { Injectable } from '@nestjs/common';
import { DirectoryQueries } from '@kelisim/directory';
import { NotFoundError } from '@kelisim/kernel';
import type { DirectoryFacts } from '../domain/memorandum.js';
import { DirectoryLookup } from '../domain/memoranda.repositories.js';

const orNull = <T>(promise: Promise<T>): Promise<T | null> =>
  promise.catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });

/** Reads the directory through its public queries. */
@Injectable()
export class DirectoryQueriesLookup extends DirectoryLookup {
  constructor(private readonly directory: DirectoryQueries) {
    super();
  }

  async facts(reviewerOrganizationId: string, userIds: readonly string[]): Promise<DirectoryFacts> {
    const reviewer = await orNull(this.directory.organization(reviewerOrganizationId));
    const found = [...(await this.directory.usersByIds(userIds)).values()];
    return {
      reviewerKind: (reviewer as { kind?: string } | null)?.kind ?? null,
      users: new Map(found.map((u) => [u.id, { organizationId: u.organizationId, roles: u.roles, active: u.active }])),
    };
  }

  async identification(organizationId: string, userId: string | null): Promise<{ bin: string | null; iin: string | null }> {
    const organization = await orNull(this.directory.organization(organizationId));
    const user = userId ? await orNull(this.directory.user(userId)) : null;
    return { bin: organization?.bin ?? null, iin: user?.iin ?? null };
  }
}
