import type { Role } from '@kelisim/kernel';
import type { Meeting } from './meeting.js';
import type { WorkingGroup } from './working-group.js';

/** Ports (and DI tokens) of the groups context's aggregates. */
export abstract class WorkingGroupRepository {
  abstract get(id: string): Promise<WorkingGroup | null>;
  abstract save(group: WorkingGroup): Promise<void>;
}

export abstract class MeetingRepository {
  abstract get(id: string): Promise<Meeting | null>;
  abstract save(meeting: Meeting): Promise<void>;
}

/** What the groups context needs to know about a person it names. */
export interface GroupPerson {
  id: string;
  roles: readonly Role[];
  active: boolean;
}

/** Port onto the directory: the users among `ids` that exist, by id. */
export abstract class GroupPeople {
  abstract find(ids: readonly string[]): Promise<Map<string, GroupPerson>>;
}

/**
 * What the protocol issuer has already done for a decision (`task:<n>` for its n-th draft,
 * `working_group`), written in the transaction that does it: a retry skips what is recorded.
 */
export abstract class ProtocolLedger {
  abstract done(decisionId: string): Promise<Set<string>>;
  abstract record(decisionId: string, key: string, targetId: string): Promise<void>;
}
