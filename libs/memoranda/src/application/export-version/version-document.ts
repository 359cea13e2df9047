/**
 * A version laid out for export, language already chosen and every id already named: the PDF
 * and DOCX renderers only typeset it, so both documents say exactly the same thing.
 */
export type DocumentBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  /** Label–value lines: version, statuses, the text hash. */
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'clauses'; items: { number: number; text: string }[] }
  /**
   * `rows` empty: the renderer prints `empty` instead of the table. A row's `note` is a line under
   * it across all columns (a signature's text hash is too long for a column). `widths`: '*' shares
   * the line, 'auto' fits the content (times).
   */
  | { kind: 'table'; columns: string[]; widths?: ('*' | 'auto')[]; rows: TableRow[]; empty: string };

export interface TableRow {
  cells: string[];
  note?: string;
}

export interface VersionDocument {
  /** BCP 47 tag of the document's language. */
  language: string;
  title: string;
  subtitle: string;
  blocks: DocumentBlock[];
  footer: string;
}

/** `zip`: the frozen text, the PDF and one `.p7s` per party that signed with an ЭЦП. */
export const EXPORT_FORMATS = ['pdf', 'docx', 'zip'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type DocumentFormat = Exclude<ExportFormat, 'zip'>;

export interface RenderedDocument {
  contentType: string;
  extension: ExportFormat;
  body: Buffer;
}

/** Port: typesets a `VersionDocument` as PDF or DOCX (pdfmake and docx in infrastructure/). */
export abstract class VersionDocumentRenderer {
  abstract render(format: DocumentFormat, document: VersionDocument): Promise<RenderedDocument>;
}

/** One file of an archive. */
export interface ArchiveEntry {
  name: string;
  body: Buffer;
}

/** Port: packs files into a ZIP (JSZip in infrastructure/). */
export abstract class ArchiveWriter {
  abstract zip(entries: readonly ArchiveEntry[], date: Date): Promise<Buffer>;
}
