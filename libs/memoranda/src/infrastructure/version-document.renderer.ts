import { Injectable } from '@nestjs/common';
import {
  type DocumentFormat,
  type RenderedDocument,
  type VersionDocument,
  VersionDocumentRenderer,
} from '../application/export-version/version-document.js';
import { renderDocx } from './docx-version-document.js';
import { renderPdf } from './pdf-version-document.js';

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

@Injectable()
export class PdfmakeDocxRenderer extends VersionDocumentRenderer {
  async render(format: DocumentFormat, document: VersionDocument): Promise<RenderedDocument> {
    const body = format === 'pdf' ? await renderPdf(document) : await renderDocx(document);
    return { contentType: CONTENT_TYPES[format], extension: format, body };
  }
}
