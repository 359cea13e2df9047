import type { Actor, Locale } from '@kelisim/kernel';
import type { ExportFormat } from './version-document.js';

/** The text of one version with its parties, review, approvals and signatures, as a document. */
export class ExportVersionQuery {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly format: ExportFormat,
    /** Defaults to the caller's locale. */
    readonly lang: Locale | null,
  ) {}
}
