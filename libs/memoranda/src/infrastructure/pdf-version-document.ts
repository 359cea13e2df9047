import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { DocumentBlock, VersionDocument } from '../application/export-version/version-document.js';

/*
 * pdfmake's own Roboto has every Cyrillic letter Kazakh needs (ә ғ қ ң ө ұ ү һ і and capitals);
 * it is read from the installed package, never fetched, and nothing else may be read or fetched.
 */
const ROBOTO = dirname(createRequire(import.meta.url).resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'));
pdfmake.setFonts({
  Roboto: {
    normal: `${ROBOTO}/Roboto-Regular.ttf`,
    bold: `${ROBOTO}/Roboto-Medium.ttf`,
    italics: `${ROBOTO}/Roboto-Italic.ttf`,
    bolditalics: `${ROBOTO}/Roboto-MediumItalic.ttf`,
  },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(ROBOTO));

function block(b: DocumentBlock): Content {
  switch (b.kind) {
    case 'heading':
      return { text: b.text, style: 'heading', headlineLevel: 1 };
    case 'paragraph':
      return { text: b.text, margin: [0, 0, 0, 6] };
    case 'facts':
      return {
        table: { widths: ['auto', '*'], body: b.rows.map(([label, value]) => [{ text: label, bold: true }, { text: value }]) },
        layout: 'noBorders',
        margin: [0, 0, 0, 6],
      };
    case 'clauses':
      return {
        stack: b.items.map((c) => ({ columns: [{ text: `${c.number}.`, width: 24 }, { text: c.text, width: '*' }], margin: [0, 0, 0, 4] })),
      };
    case 'table': {
      if (b.rows.length === 0) return { text: b.empty, italics: true, margin: [0, 0, 0, 6] };
      const span = b.columns.length;
      const body: TableCell[][] = [b.columns.map((c) => ({ text: c, bold: true }))];
      for (const row of b.rows) {
        body.push(row.cells.map((text) => ({ text })));
        // colSpan needs its covered cells present, empty.
        if (row.note) body.push([{ text: row.note, colSpan: span, color: '#333333' }, ...Array.from({ length: span - 1 }, () => ({}))]);
      }
      return { table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths: b.widths ?? b.columns.map(() => '*'), body }, fontSize: 8, margin: [0, 0, 0, 6] };
    }
  }
}

/** A4 PDF of a version (pdfmake). */
export async function renderPdf(document: VersionDocument): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    info: { title: document.title, subject: document.subtitle },
    language: document.language,
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: {
      title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 10, alignment: 'center', color: '#444444', margin: [0, 0, 0, 12] },
      heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
    },
    // A heading never ends a page: it moves to the next one with what it heads.
    pageBreakBefore: (node, nodes) => node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().length === 0,
    content: [{ text: document.title, style: 'title' }, { text: document.subtitle, style: 'subtitle' }, ...document.blocks.map(block)],
    footer: (page, pages) => ({
      columns: [{ text: document.footer, width: '*' }, { text: `${page} / ${pages}`, width: 40, alignment: 'right' }],
      fontSize: 7,
      color: '#555555',
      margin: [48, 16, 48, 0],
    }),
  };
  return pdfmake.createPdf(definition).getBuffer();
}
