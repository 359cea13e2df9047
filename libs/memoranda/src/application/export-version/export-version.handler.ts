import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DirectoryQueries } from '@kelisim/directory';
import { Clock, DEFAULT_TIME_ZONE, NotFoundError } from '@kelisim/kernel';
import type { MemorandumView, VersionView } from '../memoranda.views.js';
import { MemorandaQueries } from '../queries/memoranda.queries.js';
import { EXPORT_LABELS, type ExportLabels } from './export-labels.js';
import type { ExportVersionQuery } from './export-version.query.js';
import { type DocumentBlock, type RenderedDocument, type VersionDocument, VersionDocumentRenderer } from './version-document.js';

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
    private readonly clock: Clock,
  ) {}

  async execute(query: ExportVersionQuery): Promise<ExportedVersion> {
    const { memorandum, version } = await this.queries.versionWithMemorandum(query.actor, query.memorandumId, query.number);
    const names = await this.names(memorandum, version);
    const document = this.layout(memorandum, version, names, EXPORT_LABELS[query.lang ?? query.actor.locale], query.lang ?? query.actor.locale);
    const rendered = await this.renderer.render(query.format, document);
    return { ...rendered, filename: `memorandum-${version.number}.${rendered.extension}` };
  }

  private layout(m: MemorandumView, v: VersionView, names: Names, l: ExportLabels, language: string): VersionDocument {
    const when = (at: string, organizationId: string | null): string => {
      const zone = organizationId ? names.organization(organizationId).timezone : DEFAULT_TIME_ZONE;
      return `${DateTime.fromISO(at, { zone }).toFormat('dd.MM.yyyy HH:mm:ss')} (${zone})`;
    };
    const person = (by: string, onBehalf: boolean): string => (onBehalf ? `${names.user(by)} (${l.onBehalf})` : names.user(by));
    const org = (id: string): string => names.organization(id).name;
    const reviewSteps = v.history.filter((step) => step.action === 'clear' || step.action === 'return');

    const facts: [string, string][] = [
      [l.version, String(v.number)],
      [l.versionStatus, l.versionStatuses[v.status]],
      [l.memorandumStatus, l.memorandumStatuses[m.status]],
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
        columns: [l.organization, l.signatory],
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
          cells: [String(s.round), s.action === 'clear' ? l.cleared : l.returned, names.user(s.by), when(s.at, m.reviewerOrganizationId), s.note ?? ''],
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
        rows: v.approvals.map((a) => ({ cells: [org(a.organizationId), person(a.by, a.onBehalf), when(a.at, a.organizationId), a.comment ?? ''] })),
        empty: l.none,
      },
      { kind: 'heading', text: l.signatures },
      {
        kind: 'table',
        columns: [l.organization, l.signer, l.time],
        widths: ['*', '*', 'auto'],
        rows: v.signatures.map((s) => ({
          cells: [org(s.organizationId), person(s.by, s.onBehalf), when(s.at, s.organizationId)],
          note: `${l.textHash}: ${s.textHash}`,
        })),
        empty: l.none,
      },
    );
    return {
      language,
      title: m.title,
      subtitle: `${l.document} · ${l.version} ${v.number} · ${l.versionStatuses[v.status]}`,
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
