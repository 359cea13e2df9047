import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { DocumentBlock, VersionDocument } from '../application/export-version/version-document.js';

const cell = (text: string, bold = false): TableCell =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })] });

const NO_BORDERS = Object.fromEntries(
  ['top', 'bottom', 'left', 'right', 'insideHorizontal', 'insideVertical'].map((side) => [side, { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }]),
);

function block(b: DocumentBlock): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ text: b.text, heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 80 } })];
    case 'paragraph':
      return [new Paragraph({ text: b.text, spacing: { after: 120 } })];
    case 'facts':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          borders: NO_BORDERS,
          rows: b.rows.map(([label, value]) => new TableRow({ children: [cell(label, true), cell(value)] })),
        }),
      ];
    case 'clauses':
      return b.items.map((c) => new Paragraph({ children: [new TextRun({ text: `${c.number}. `, bold: true }), new TextRun(c.text)], spacing: { after: 80 } }));
    case 'table':
      if (b.rows.length === 0) return [new Paragraph({ children: [new TextRun({ text: b.empty, italics: true })] })];
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: b.columns.map((c) => cell(c, true)) }),
            ...b.rows.flatMap((r) => [
              new TableRow({ cantSplit: true, children: r.cells.map((text) => cell(text)) }),
              ...(r.note ? [new TableRow({ cantSplit: true, children: [new TableCell({ columnSpan: b.columns.length, children: [new Paragraph({ children: [new TextRun({ text: r.note, size: 16 })] })] })] })] : []),
            ]),
          ],
        }),
      ];
  }
}

/** Word document of a version (docx). */
export async function renderDocx(document: VersionDocument): Promise<Buffer> {
  const doc = new Document({
    title: document.title,
    subject: document.subtitle,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 22 } } } },
    sections: [
      {
        children: [
          new Paragraph({ text: document.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
          new Paragraph({ text: document.subtitle, alignment: AlignmentType.CENTER, spacing: { after: 240 } }),
          ...document.blocks.flatMap(block),
          new Paragraph({ children: [new TextRun({ text: document.footer, size: 16, color: '555555' })], spacing: { before: 360 } }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
