import { type Actor, actingAt, AggregateRoot, hasRole, InvalidTransitionError, ValidationError } from '@kelisim/kernel';
import { textHash } from './canonical-text.js';
import {
  DrafterNotPartyError,
  InvalidPartiesError,
  NotAllowedToActError,
  PartyAlreadyActedError,
  TextChangedError,
  UnknownClauseError,
  VersionAlreadyOpenError,
  VersionNotFoundError,
} from './memoranda.errors.js';
import { DEFAULT_STAGE_DEADLINES, type StageCalendar, type StageDeadlines } from './stage-calendar.js';
import { type EdsSignature, newVersion, OPEN_STATUSES, type SignatureEvidence, type VersionState, type VersionStatus } from './version.js';

export const MEMORANDUM_STATUSES = ['draft', 'active', 'terminated'] as const;
export type MemorandumStatus = (typeof MEMORANDUM_STATUSES)[number];

export const LIMITS = { title: 500, purpose: 4000, parties: 200, clauses: 500, clauseText: 20_000, note: 4000, workingDays: 250 } as const;

export interface Party {
  organizationId: string;
  signatoryId: string;
}

export interface MemorandumState {
  title: string;
  purpose: string | null;
  status: MemorandumStatus;
  reviewerOrganizationId: string;
  drafterOrganizationId: string;
  createdBy: string | null;
  createdAt: string;
  parties: Party[];
  deadlines: StageDeadlines;
  versions: VersionState[];
  terminatedAt: string | null;
  terminationReason: string | null;
}

/** Who acts, when, and the calendar that turns a stage's working days into its due time. */
export interface Moment {
  by: Actor;
  at: Date;
  calendar: StageCalendar;
}

/** What the directory says about the references of a new memorandum. */
export interface DirectoryFacts {
  reviewerKind: string | null;
  users: ReadonlyMap<string, { organizationId: string; roles: readonly string[]; active: boolean }>;
}

export interface NewMemorandum {
  title: string;
  purpose?: string | null;
  reviewerOrganizationId: string;
  parties: Party[];
  clauses: string[];
  deadlines?: Partial<StageDeadlines>;
}

/**
 * A memorandum of cooperation and its numbered versions. Every rule of the lifecycle lives here;
 * handlers only load, call and save. Approvals and signatures change the one row of the
 * memorandum, so concurrent ones are serialized by its optimistic revision check.
 */
export class Memorandum extends AggregateRoot {
  readonly streamType = 'memorandum';
  /** ЭЦП evidence of the signatures made by this command, stored by the repository in the same transaction. */
  private evidence: SignatureEvidence[] = [];

  private constructor(
    id: string,
    version: number,
    private props: MemorandumState,
  ) {
    super(id, version);
  }

  static create(id: string, data: NewMemorandum, facts: DirectoryFacts, moment: Moment): Memorandum {
    const { by, at } = moment;
    const title = checkText('title', data.title, LIMITS.title);
    const purpose = data.purpose == null ? null : checkText('purpose', data.purpose, LIMITS.purpose);
    checkParties(data.parties, data.reviewerOrganizationId, facts);
    if (!by.organizationId || !data.parties.some((p) => p.organizationId === by.organizationId)) throw new DrafterNotPartyError();
    const clauses = checkClauses(data.clauses);
    const deadlines = checkDeadlines({ ...DEFAULT_STAGE_DEADLINES, ...stripUndefined(data.deadlines ?? {}) });
    const memorandum = new Memorandum(id, 0, {
      title,
      purpose,
      status: 'draft',
      reviewerOrganizationId: data.reviewerOrganizationId,
      drafterOrganizationId: by.organizationId,
      createdBy: by.userId,
      createdAt: at.toISOString(),
      parties: data.parties.map((p) => ({ organizationId: p.organizationId, signatoryId: p.signatoryId })),
      deadlines,
      versions: [newVersion(1, by.organizationId, clauses)],
      terminatedAt: null,
      terminationReason: null,
    });
    memorandum.record('MemorandumCreated', {
      memorandumId: id,
      title,
      purpose,
      reviewerOrganizationId: data.reviewerOrganizationId,
      drafterOrganizationId: by.organizationId,
      parties: memorandum.props.parties,
      deadlines,
      version: 1,
      clauses,
      textHash: memorandum.props.versions[0].textHash,
    });
    return memorandum;
  }

  static restore(id: string, version: number, props: MemorandumState): Memorandum {
    return new Memorandum(id, version, props);
  }

  get state(): Readonly<MemorandumState> {
    return this.props;
  }

  get versionInForce(): VersionState | undefined {
    return this.props.versions.find((v) => v.status === 'in_force');
  }

  get openVersion(): VersionState | undefined {
    return this.props.versions.find((v) => OPEN_STATUSES.includes(v.status));
  }

  /** Parties, the reviewer, controllers and admins see a memorandum; everyone else gets 404. */
  isVisibleTo(actor: Actor): boolean {
    if (hasRole(actor, 'admin', 'controller')) return true;
    const org = actor.organizationId;
    return org !== null && (org === this.props.reviewerOrganizationId || this.props.parties.some((p) => p.organizationId === org));
  }

  getVersion(number: number): VersionState {
    const version = this.props.versions.find((v) => v.number === number);
    if (!version) throw new VersionNotFoundError(this.id, number);
    return version;
  }

  editClauses(number: number, clauses: string[], { by, at }: Moment): void {
    const v = this.drafterStep(number, 'edit', by);
    this.expect(v, 'edit', ['draft']);
    const checked = checkClauses(clauses);
    const hash = textHash(checked);
    if (hash === v.textHash) return;
    v.clauses = checked;
    v.textHash = hash;
    this.step(v, 'edit', by, at);
    this.record('VersionClausesEdited', { memorandumId: this.id, number, clauses: checked, textHash: hash });
  }

  submit(number: number, { by, at, calendar }: Moment): void {
    const v = this.drafterStep(number, 'submit', by);
    this.expect(v, 'submit', ['draft'], 'in_review');
    v.status = 'in_review';
    v.round += 1;
    v.stageDueAt = calendar.dueAt(at, this.props.deadlines.reviewWorkingDays).toISOString();
    this.step(v, 'submit', by, at);
    this.record('VersionSubmitted', { memorandumId: this.id, number, round: v.round, textHash: v.textHash, stageDueAt: v.stageDueAt });
  }

  return(number: number, remarks: { clause: number; text: string }[], { by, at }: Moment): void {
    const { v, actingFor } = this.reviewerStep(number, 'return', by, at);
    this.expect(v, 'return', ['in_review'], 'draft');
    if (remarks.length === 0) throw new ValidationError('remarks', 'remarks must name at least one clause');
    const added = remarks.map((remark, i) => {
      if (!Number.isInteger(remark.clause) || remark.clause < 1 || remark.clause > v.clauses.length) {
        throw new UnknownClauseError(`remarks[${i}].clause`, remark.clause);
      }
      const text = checkText(`remarks[${i}].text`, remark.text, LIMITS.note);
      return { clause: remark.clause, text, by: by.userId ?? 'system', at: at.toISOString(), round: v.round, ...(actingFor ? { actingFor } : {}) };
    });
    v.remarks.push(...added);
    v.status = 'draft';
    v.stageDueAt = null;
    this.step(v, 'return', by, at, null, null, actingFor);
    this.record('VersionReturned', { memorandumId: this.id, number, round: v.round, remarks: added.map(({ clause, text }) => ({ clause, text })), actingFor });
  }

  clear(number: number, comment: string | null, { by, at, calendar }: Moment): void {
    const { v, actingFor } = this.reviewerStep(number, 'clear', by, at);
    this.expect(v, 'clear', ['in_review'], 'approval');
    const note = comment == null ? null : checkText('comment', comment, LIMITS.note);
    v.status = 'approval';
    v.stageDueAt = calendar.dueAt(at, this.props.deadlines.approvalWorkingDays).toISOString();
    this.step(v, 'clear', by, at, null, note, actingFor);
    this.record('VersionCleared', { memorandumId: this.id, number, round: v.round, comment: note, stageDueAt: v.stageDueAt, actingFor });
  }

  approve(number: number, comment: string | null, onBehalfOf: string | null, { by, at, calendar }: Moment): void {
    const { v, party, onBehalf, actingFor } = this.partyStep(number, 'approve', by, onBehalfOf, at);
    this.expect(v, 'approve', ['approval']);
    if (v.approvals.some((a) => a.organizationId === party)) throw new PartyAlreadyActedError(party, 'approve');
    const note = comment == null ? null : checkText('comment', comment, LIMITS.note);
    v.approvals.push({ organizationId: party, by: by.userId ?? 'system', at: at.toISOString(), onBehalf, actingFor, comment: note });
    const allApproved = v.approvals.length === this.props.parties.length;
    if (allApproved) {
      v.status = 'signing';
      v.stageDueAt = calendar.dueAt(at, this.props.deadlines.signingWorkingDays).toISOString();
    }
    this.step(v, 'approve', by, at, party, note, actingFor);
    this.record('VersionApproved', {
      memorandumId: this.id,
      number,
      organizationId: party,
      onBehalf,
      actingFor,
      comment: note,
      textHash: v.textHash,
      approvals: v.approvals.length,
      status: v.status,
      stageDueAt: v.stageDueAt,
    });
  }

  reject(number: number, reason: string, onBehalfOf: string | null, { by, at }: Moment): void {
    const { v, party, onBehalf, actingFor } = this.partyStep(number, 'reject', by, onBehalfOf, at);
    this.expect(v, 'reject', ['approval'], 'draft');
    const note = checkText('reason', reason, LIMITS.note);
    const voided = this.backToDraft(v);
    this.step(v, 'reject', by, at, party, note, actingFor);
    this.record('VersionRejected', { memorandumId: this.id, number, organizationId: party, onBehalf, actingFor, reason: note, ...voided });
  }

  /**
   * Who would sign now, and over which text: every check of `sign` but the signature itself, so the
   * ЭЦП can be verified (outside the transaction) only for a signature that could count.
   */
  signingParty(number: number, by: Actor, onBehalfOf: string | null, at: Date): { party: string; textHash: string; actingFor: string | null } {
    const { v, party, actingFor } = this.partyStep(number, 'sign', by, onBehalfOf, at);
    this.expect(v, 'sign', ['signing']);
    if (v.signatures.some((s) => s.organizationId === party)) throw new PartyAlreadyActedError(party, 'sign');
    return { party, textHash: v.textHash, actingFor };
  }

  /**
   * `signedHash` is the text hash the signer saw; `eds` the verified ЭЦП (null: a click signature).
   * A signature over another text than the version's current one is void.
   */
  sign(number: number, signedHash: string | null, onBehalfOf: string | null, { by, at }: Moment, eds: EdsSignature | null = null): void {
    const { v, party, onBehalf, actingFor } = this.partyStep(number, 'sign', by, onBehalfOf, at);
    this.expect(v, 'sign', ['signing']);
    if (signedHash !== null && signedHash.toLowerCase() !== v.textHash) throw new TextChangedError(signedHash, v.textHash);
    if (eds && eds.textHash !== v.textHash) throw new TextChangedError(eds.textHash, v.textHash);
    if (v.signatures.some((s) => s.organizationId === party)) throw new PartyAlreadyActedError(party, 'sign');
    const signer = by.userId ?? 'system';
    const summary = eds
      ? { evidenceId: eds.evidenceId, verifier: eds.verifier, cmsSha256: eds.cmsSha256, signer: eds.signer, timestampedAt: eds.timestampedAt, trustedAt: eds.trustedAt }
      : null;
    v.signatures.push({ organizationId: party, by: signer, at: at.toISOString(), textHash: v.textHash, onBehalf, actingFor, eds: summary });
    if (eds) this.evidence.push({ ...eds, memorandumId: this.id, number, organizationId: party, by: signer, at: at.toISOString() });
    this.step(v, 'sign', by, at, party, null, actingFor);
    this.record('VersionSigned', {
      memorandumId: this.id,
      number,
      organizationId: party,
      onBehalf,
      actingFor,
      textHash: v.textHash,
      signatures: v.signatures.length,
      // What the journal proves about an ЭЦП: which CMS (its SHA-256) and which certificate.
      eds: summary ? { verifier: summary.verifier, cmsSha256: summary.cmsSha256, certificateSerial: summary.signer.serialNumber, iin: summary.signer.iin, bin: summary.signer.bin } : null,
    });
    if (v.signatures.length === this.props.parties.length) this.enterIntoForce(v, at);
  }

  /** The ЭЦП evidence of this command's signatures, handed over once to be stored. */
  takeEvidence(): SignatureEvidence[] {
    const taken = this.evidence;
    this.evidence = [];
    return taken;
  }

  decline(number: number, reason: string, onBehalfOf: string | null, { by, at }: Moment): void {
    const { v, party, onBehalf, actingFor } = this.partyStep(number, 'decline', by, onBehalfOf, at);
    this.expect(v, 'decline', ['signing'], 'draft');
    const note = checkText('reason', reason, LIMITS.note);
    const voided = this.backToDraft(v);
    this.step(v, 'decline', by, at, party, note, actingFor);
    this.record('VersionDeclined', { memorandumId: this.id, number, organizationId: party, onBehalf, actingFor, reason: note, ...voided });
  }

  withdraw(number: number, { by, at }: Moment): void {
    const v = this.drafterStep(number, 'withdraw', by);
    this.expect(v, 'withdraw', ['draft'], 'withdrawn');
    v.status = 'withdrawn';
    v.stageDueAt = null;
    this.step(v, 'withdraw', by, at);
    this.record('VersionWithdrawn', { memorandumId: this.id, number, reason: null });
  }

  openAmendment(reason: string, { by, at }: Moment): VersionState {
    this.assertNotTerminated('amend');
    if (!by.organizationId || !this.props.parties.some((p) => p.organizationId === by.organizationId)) {
      throw new NotAllowedToActError('amend', 'a party');
    }
    const inForce = this.versionInForce;
    if (this.props.status !== 'active' || !inForce) throw new InvalidTransitionError('memorandum', this.props.status, 'amend');
    const open = this.openVersion;
    if (open) throw new VersionAlreadyOpenError(open.number);
    const note = checkText('reason', reason, LIMITS.note);
    const number = Math.max(...this.props.versions.map((v) => v.number)) + 1;
    const v = newVersion(number, by.organizationId, inForce.clauses, { basedOn: inForce.number, reason: note });
    this.props.versions.push(v);
    this.step(v, 'open', by, at, null, note);
    this.record('AmendmentOpened', { memorandumId: this.id, number, basedOn: inForce.number, reason: note, textHash: v.textHash });
    return v;
  }

  /** Ends an active memorandum; an amendment still open is withdrawn with it. */
  terminate(reason: string, { by, at }: Moment): void {
    this.assertNotTerminated('terminate');
    if (!hasRole(by, 'controller')) throw new NotAllowedToActError('terminate', 'a controller');
    if (this.props.status !== 'active') throw new InvalidTransitionError('memorandum', this.props.status, 'terminate', 'terminated');
    const note = checkText('reason', reason, LIMITS.note);
    const open = this.openVersion;
    if (open) {
      open.status = 'withdrawn';
      open.stageDueAt = null;
      this.step(open, 'withdraw', by, at, null, note);
      this.record('VersionWithdrawn', { memorandumId: this.id, number: open.number, reason: note });
    }
    this.props.status = 'terminated';
    this.props.terminatedAt = at.toISOString();
    this.props.terminationReason = note;
    this.record('MemorandumTerminated', { memorandumId: this.id, reason: note });
  }

  private enterIntoForce(v: VersionState, at: Date): void {
    const previous = this.versionInForce;
    v.status = 'in_force';
    v.stageDueAt = null;
    v.enteredIntoForceAt = at.toISOString();
    this.step(v, 'enter_into_force', null, at);
    if (this.props.status === 'draft') this.props.status = 'active';
    this.record('VersionEnteredIntoForce', {
      memorandumId: this.id,
      number: v.number,
      textHash: v.textHash,
      parties: this.props.parties.map((p) => p.organizationId),
      memorandumStatus: this.props.status,
    });
    if (previous) {
      previous.status = 'superseded';
      this.step(previous, 'supersede', null, at, null, `version ${v.number}`);
      this.record('VersionSuperseded', { memorandumId: this.id, number: previous.number, supersededBy: v.number });
    }
  }

  /** Reject and decline send the version back to the drafter and void what the parties gave. */
  private backToDraft(v: VersionState): { voidedApprovals: number; voidedSignatures: number } {
    const voided = { voidedApprovals: v.approvals.length, voidedSignatures: v.signatures.length };
    v.approvals = [];
    v.signatures = [];
    v.status = 'draft';
    v.stageDueAt = null;
    return voided;
  }

  private drafterStep(number: number, action: string, by: Actor): VersionState {
    this.assertNotTerminated(action);
    const v = this.getVersion(number);
    if (by.organizationId !== v.drafterOrganizationId) throw new NotAllowedToActError(action, "the drafter's organization");
    return v;
  }

  /** A prosecutor of the reviewer's organization, or the official acting for one (recorded as such). */
  private reviewerStep(number: number, action: string, by: Actor, at: Date): { v: VersionState; actingFor: string | null } {
    this.assertNotTerminated(action);
    const v = this.getVersion(number);
    const reviewer = this.props.reviewerOrganizationId;
    if (hasRole(by, 'prosecutor') && by.organizationId === reviewer) return { v, actingFor: null };
    const acting = actingAt(by, at).find((a) => a.roles.includes('prosecutor') && a.organizationId === reviewer);
    if (acting) return { v, actingFor: acting.principalId };
    throw new NotAllowedToActError(action, "a prosecutor of the reviewer's organization");
  }

  private partyStep(number: number, action: string, by: Actor, onBehalfOf: string | null, at: Date): { v: VersionState; party: string; onBehalf: boolean; actingFor: string | null } {
    this.assertNotTerminated(action);
    const v = this.getVersion(number);
    return { v, ...this.actingForParty(action, by, onBehalfOf, at) };
  }

  /**
   * Who may act for a party (approve, reject, sign, decline, read the bytes to sign): the party's
   * own signatory; the official acting for that signatory at `at` (И.о., recorded as `actingFor`);
   * or an admin naming the party (recorded as acting on its behalf). The one place that decides it.
   */
  actingForParty(action: string, by: Actor, onBehalfOf: string | null, at: Date): { party: string; onBehalf: boolean; actingFor: string | null } {
    const own = this.props.parties.find((p) => p.signatoryId === by.userId);
    if (own && hasRole(by, 'signatory') && (onBehalfOf === null || onBehalfOf === own.organizationId)) {
      return { party: own.organizationId, onBehalf: false, actingFor: null };
    }
    const acting = actingAt(by, at);
    const deputyFor = this.props.parties.filter((p) =>
      acting.some((a) => a.principalId === p.signatoryId && a.organizationId === p.organizationId && a.roles.includes('signatory')),
    );
    const chosen = onBehalfOf === null ? deputyFor : deputyFor.filter((p) => p.organizationId === onBehalfOf);
    if (chosen.length > 1) throw new ValidationError('onBehalfOf', 'acting for the signatories of several parties, name the party with onBehalfOf');
    if (chosen.length === 1) return { party: chosen[0].organizationId, onBehalf: false, actingFor: chosen[0].signatoryId };
    if (hasRole(by, 'admin')) {
      if (onBehalfOf === null) throw new ValidationError('onBehalfOf', 'an admin acting for a party must name its organization');
      if (!this.props.parties.some((p) => p.organizationId === onBehalfOf)) {
        throw new InvalidPartiesError('onBehalfOf', `${onBehalfOf} is not a party of this memorandum`);
      }
      return { party: onBehalfOf, onBehalf: true, actingFor: null };
    }
    throw new NotAllowedToActError(action, "a party's own signatory");
  }

  private expect(v: VersionState, action: string, from: VersionStatus[], to?: VersionStatus): void {
    if (!from.includes(v.status)) throw new InvalidTransitionError('version', v.status, action, to);
  }

  private assertNotTerminated(action: string): void {
    if (this.props.status === 'terminated') throw new InvalidTransitionError('memorandum', 'terminated', action);
  }

  private step(v: VersionState, action: string, by: Actor | null, at: Date, organizationId: string | null = null, note: string | null = null, actingFor: string | null = null): void {
    v.history.push({ action, by: by?.userId ?? null, organizationId, at: at.toISOString(), round: v.round, note, ...(actingFor ? { actingFor } : {}) });
  }
}

function checkText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw new ValidationError(field, `${field} must be a text`);
  const text = value.trim();
  if (text.length < 1 || text.length > max) throw new ValidationError(field, `${field} must be 1 to ${max} characters long`);
  return text;
}

function checkClauses(clauses: readonly string[]): string[] {
  if (!Array.isArray(clauses) || clauses.length < 1 || clauses.length > LIMITS.clauses) {
    throw new ValidationError('clauses', `clauses must hold 1 to ${LIMITS.clauses} clauses`);
  }
  return clauses.map((text, i) => checkText(`clauses[${i}].text`, text, LIMITS.clauseText));
}

function checkDeadlines(deadlines: StageDeadlines): StageDeadlines {
  for (const [field, days] of Object.entries(deadlines)) {
    if (!Number.isInteger(days) || days < 1 || days > LIMITS.workingDays) {
      throw new ValidationError(`deadlines.${field}`, `deadlines.${field} must be a whole number of working days from 1 to ${LIMITS.workingDays}`);
    }
  }
  return deadlines;
}

function checkParties(parties: readonly Party[], reviewerOrganizationId: string, facts: DirectoryFacts): void {
  if (parties.length < 1 || parties.length > LIMITS.parties) throw new InvalidPartiesError('parties', `parties must hold 1 to ${LIMITS.parties} organizations`);
  if (facts.reviewerKind !== 'prosecutor') {
    throw new InvalidPartiesError('reviewerOrganizationId', 'reviewerOrganizationId must be a prosecutor organization');
  }
  const seen = new Set<string>();
  parties.forEach((party, i) => {
    if (seen.has(party.organizationId)) throw new InvalidPartiesError(`parties[${i}].organizationId`, 'each organization may be a party only once');
    seen.add(party.organizationId);
    if (party.organizationId === reviewerOrganizationId) {
      throw new InvalidPartiesError(`parties[${i}].organizationId`, 'the reviewer organization cannot be a party');
    }
    const signatory = facts.users.get(party.signatoryId);
    if (!signatory || !signatory.active || signatory.organizationId !== party.organizationId || !signatory.roles.includes('signatory')) {
      throw new InvalidPartiesError(`parties[${i}].signatoryId`, "the signatory must be an active user of the party's organization with role signatory");
    }
  });
}

const stripUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
