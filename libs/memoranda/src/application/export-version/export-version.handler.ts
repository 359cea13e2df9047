import { Injectable } from '@nestjs/common';
import { DirectoryQueries } from '@kelisim/directory';
import { Clock, DEFAULT_TIME_ZONE, formatDateTime, InvalidTransitionError, type Locale, NotFoundError, term } from '@kelisim/kernel';
import type { SignatureEds } from '../../domain/version.js';
import type { MemorandumView, VersionView } from '../memoranda.views.js';
import { MemorandaQueries } from '../queries/memoranda.queries.js';
import { EXPORT_LABELS, type ExportLabels } from './export-labels.js';
import type { ExportVersionQuery } from './export-version.query.js';
import { ArchiveWriter, type DocumentBlock, type RenderedDocument, type VersionDocument, VersionDocumentRenderer } from './version-document.js';

interface Names {
  organization(id: string): { name: string; timezone: string };
  user(id: string | null): string;
}

export interface ExportedVersion extends RenderedDocument {
  filename: string;
}

/**
 * Exports a version as a document. Visibility is the version query's (404 for anyone who may not
 * see the memorandum); names come from the directory, times are shown in the zone of the
 * organization that acted.
 */
@Injectable()
export class ExportVersionHandler {
  constructor(
    private readonly queries: MemorandaQueries,
    private readonly directory: DirectoryQueries,
    private readonly renderer: VersionDocumentRenderer,
    private readonly archives: ArchiveWriter,
    private readonly clock: Clock,
  ) {}

  async execute(query: ExportVersionQuery): Promise<ExportedVersion> {
    const { memorandum, version } = await this.queries.versionWithMemorandum(query.actor, query.memorandumId, query.number);
    const names = await this.names(memorandum, version);
    const language = query.lang ?? query.actor.locale;
    const document = this.layout(memorandum, version, names, EXPORT_LABELS[language], language);
    const rendered = await this.renderer.render(query.format === 'zip' ? 'pdf' : query.format, document);
    const filename = `memorandum-${version.number}.${rendered.extension}`;
    if (query.format !== 'zip') return { ...rendered, filename };
    return this.archive(memorandum, version, { ...rendered, filename });
  }

  /**
   * The signed version as files anyone can check without Kelisim: `text.txt` (the frozen bytes
   * every ЭЦП was made over), the PDF, and per party that signed with an ЭЦП its detached CMS
   * (`party-<BIN>.p7s`, `openssl cms -verify -binary -content text.txt -inform DER -in …`).
   */
  private async archive(m: MemorandumView, v: VersionView, pdf: ExportedVersion): Promise<ExportedVersion> {
    const text = await this.queries.storedPayload(m.id, v.number);
    if (!text || v.status === 'draft') throw new InvalidTransitionError('version', v.status, 'export');
    const signed = v.signatures.flatMap((s) => (s.eds ? [{ signature: s, eds: s.eds }] : []));
    const cms = await this.queries.signatureCms(m.id, v.number, signed.map((s) => s.eds.evidenceId));
    const taken = new Set<string>();
    const parties = signed.flatMap(({ signature, eds }) => {
      const body = cms.get(eds.evidenceId);
      if (!body) return [];
      // Two parties with one BIN (a directory mistake) must not overwrite each other's file.
      let name = `party-${eds.signer.bin}.p7s`;
      for (let n = 2; taken.has(name); n++) name = `party-${eds.signer.bin}-${n}.p7s`;
      taken.add(name);
      return [{ name, body, signature, eds }];
    });
    const manifest = {
      memorandumId: m.id,
      version: v.number,
      textHash: v.textHash,
      text: 'text.txt',
      signatures: v.signatures.map((s) => ({
        organizationId: s.organizationId,
        by: s.by,
        actingFor: s.actingFor,
        at: s.at,
        kind: s.eds ? 'eds' : 'click',
        file: parties.find((p) => p.signature === s)?.name ?? null,
        certificate: s.eds ? { serialNumber: s.eds.signer.serialNumber, subject: s.eds.signer.subject, issuer: s.eds.signer.issuer, iin: s.eds.signer.iin, bin: s.eds.signer.bin } : null,
        timestampedAt: s.eds?.timestampedAt ?? null,
      })),
    };
    const body = await this.archives.zip(
      [
        { name: 'text.txt', body: text },
        { name: pdf.filename, body: pdf.body },
        ...parties.map(({ name, body: p7s }) => ({ name, body: p7s })),
        { name: 'signatures.json', body: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
      ],
      this.clock.now(),
    );
    return { contentType: 'application/zip', extension: 'zip', body, filename: `memorandum-${v.number}.zip` };
  }

  private layout(m: MemorandumView, v: VersionView, names: Names, l: ExportLabels, language: Locale): VersionDocument {
    // The kernel's formatter, to the second (a signature's moment), in the zone of the organization that acted.
    const when = (at: string, organizationId: string | null): string =>
      formatDateTime(at, language, organizationId ? names.organization(organizationId).timezone : DEFAULT_TIME_ZONE, { seconds: true });
    const versionStatus = term(`versionStatus.${v.status}`, language);
    // "B, И.о. A": the deputy who acted, and for whom (one term in each language).
    const person = (by: string, onBehalf: boolean, actingFor: string | null = null): string =>
      onBehalf ? `${names.user(by)} (${l.onBehalf})` : actingFor ? `${names.user(by)}, ${l.acting} ${names.user(actingFor)}` : names.user(by);
    const org = (id: string): string => names.organization(id).name;
    const reviewSteps = v.history.filter((step) => step.action === 'clear' || step.action === 'return');

    const facts: [string, string][] = [
      [l.version, String(v.number)],
      [l.versionStatus, versionStatus],
      [l.memorandumStatus, term(`memorandumStatus.${m.status}`, language)],
    ];
    if (v.enteredIntoForceAt) facts.push([l.enteredIntoForce, when(v.enteredIntoForceAt, m.drafterOrganizationId)]);
    facts.push([l.textHash, v.textHash]);

    const blocks: DocumentBlock[] = [{ kind: 'facts', rows: facts }];
    if (m.purpose) blocks.push({ kind: 'heading', text: l.purpose }, { kind: 'paragraph', text: m.purpose });
    blocks.push(
      { kind: 'heading', text: l.text },
      { kind: 'clauses', items: v.clauses },
      { kind: 'heading', text: l.parties },
      {
        kind: 'table',
        columns: [l.organization, term('userRole.signatory', language)],
        rows: m.parties.map((p) => ({ cells: [org(p.organizationId), names.user(p.signatoryId)] })),
        empty: l.none,
      },
      { kind: 'heading', text: l.review },
      { kind: 'facts', rows: [[l.reviewer, org(m.reviewerOrganizationId)]] },
      {
        kind: 'table',
        columns: [l.round, l.outcome, l.by, l.time, l.comment],
        widths: ['auto', '*', '*', 'auto', '*'],
        rows: reviewSteps.map((s) => ({
          cells: [String(s.round), term(s.action === 'clear' ? 'reviewOutcome.cleared' : 'reviewOutcome.returned', language), names.user(s.by), when(s.at, m.reviewerOrganizationId), s.note ?? ''],
        })),
        empty: l.notReviewed,
      },
    );
    if (v.remarks.length) {
      blocks.push({
        kind: 'table',
        columns: [l.round, l.clause, l.remarks, l.by],
        widths: ['auto', 'auto', '*', '*'],
        rows: v.remarks.map((r) => ({ cells: [String(r.round), String(r.clause), r.text, names.user(r.by)] })),
        empty: l.none,
      });
    }
    blocks.push(
      { kind: 'heading', text: l.approvals },
      {
        kind: 'table',
        columns: [l.organization, l.by, l.time, l.comment],
        widths: ['*', '*', 'auto', '*'],
        rows: v.approvals.map((a) => ({ cells: [org(a.organizationId), person(a.by, a.onBehalf, a.actingFor), when(a.at, a.organizationId), a.comment ?? ''] })),
        empty: l.none,
      },
      { kind: 'heading', text: l.signatures },
      {
        kind: 'table',
        columns: [l.organization, l.signer, l.time],
        widths: ['*', '*', 'auto'],
        rows: v.signatures.map((s) => ({
          cells: [org(s.organizationId), person(s.by, s.onBehalf, s.actingFor), when(s.at, s.organizationId)],
          note: `${signatureKind(s.eds, l, (at) => when(at, s.organizationId))} · ${l.textHash}: ${s.textHash}`,
        })),
        empty: l.none,
      },
    );
    return {
      language,
      title: m.title,
      subtitle: `${l.document} · ${l.version} ${v.number} · ${versionStatus}`,
      blocks,
      footer: `${m.title} · ${l.version} ${v.number} · ${l.generatedAt}: ${when(this.clock.now().toISOString(), null)}`,
    };
  }

  /** Every organization and person the document names, read once through the directory's queries. */
  private async names(m: MemorandumView, v: VersionView): Promise<Names> {
    const organizationIds = new Set([m.reviewerOrganizationId, m.drafterOrganizationId, ...m.parties.map((p) => p.organizationId)]);
    const userIds = new Set<string>([
      ...m.parties.map((p) => p.signatoryId),
      ...v.approvals.map((a) => a.by),
      ...v.signatures.map((s) => s.by),
      ...v.approvals.flatMap((a) => (a.actingFor ? [a.actingFor] : [])),
      ...v.signatures.flatMap((s) => (s.actingFor ? [s.actingFor] : [])),
      ...v.remarks.map((r) => r.by),
      ...v.history.flatMap((s) => (s.by ? [s.by] : [])),
    ]);
    const orNull = <T>(promise: Promise<T>): Promise<T | null> =>
      promise.catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
    const organizations = [];
    for (const id of organizationIds) organizations.push(await orNull(this.directory.organization(id)));
    const organizationById = new Map(organizations.flatMap((o) => (o ? [[o.id, o] as const] : [])));
    const userById = await this.directory.usersByIds([...userIds]);
    return {
      // An id the directory no longer knows is printed as is rather than hidden.
      organization: (id) => {
        const found = organizationById.get(id);
        return { name: found?.name ?? id, timezone: found?.timezone ?? DEFAULT_TIME_ZONE };
      },
      user: (id) => (id ? (userById.get(id)?.fullName ?? id) : '—'),
    };
  }
}

/** What made a signature: the ЭЦП's signer and certificate, or plainly a click, so nobody mistakes one for the other. */
function signatureKind(eds: SignatureEds | null, l: ExportLabels, when: (at: string) => string): string {
  if (!eds) return l.clickSignature;
  const s = eds.signer;
  const name = s.commonName ?? s.subject;
  const parts = [
    `${l.eds}: ${name}, ${l.iin} ${s.iin}, ${l.bin} ${s.bin}`,
    `${l.certificate} ${s.serialNumber} (${l.issuer}: ${s.issuer}; ${l.validity} ${s.notBefore.slice(0, 10)} – ${s.notAfter.slice(0, 10)})`,
  ];
  if (eds.timestampedAt) parts.push(`${l.timestamp}: ${when(eds.timestampedAt)}`);
  return parts.join('; ');
}
