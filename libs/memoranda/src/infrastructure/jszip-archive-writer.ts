import { Injectable } from '@nestjs/common';
import JSZip from 'jszip';
import { type ArchiveEntry, ArchiveWriter } from '../application/export-version/version-document.js';

@Injectable()
export class JszipArchiveWriter extends ArchiveWriter {
  async zip(entries: readonly ArchiveEntry[], date: Date): Promise<Buffer> {
    const zip = new JSZip();
    // Binary as given: the text's bytes must stay exactly the bytes that were signed.
    for (const entry of entries) zip.file(entry.name, entry.body, { binary: true, date });
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
  }
}
