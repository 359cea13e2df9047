import type { TestUser } from './directory-fixtures.js';
import type { TestApp } from './test-app.js';

/** Whitespace-normalized text of every page; lines wrapped by the layout become single spaces. */
export async function pdfText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js runs its worker in this thread when the worker module is already loaded (it ships no types).
  const worker = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import(worker);
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(data), isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? ' ' : ''}` : '')).join(''));
  }
  await pdf.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}


/**
 * A two-party memorandum (akimat and police) whose first version is submitted, cleared by the
 * prosecutor's office and approved by both signatories: what the ЭЦП specs sign. Returns its id.
 */
export async function aMemorandumReadyToSign(
  t: TestApp,
  people: { akim: TestUser; chief: TestUser; prosecutor: TestUser },
  organizations: { akimat: string; police: string; prosecutors: string },
): Promise<string> {
  const call = (path: string, who: TestUser, body: object = {}) => t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${who.token}`).send(body);
  const created = await call('/memoranda', people.akim, {
    title: 'Ұлтаралық келісім туралы меморандум',
    reviewerOrganizationId: organizations.prosecutors,
    parties: [
      { organizationId: organizations.akimat, signatoryId: people.akim.id },
      { organizationId: organizations.police, signatoryId: people.chief.id },
    ],
    clauses: [{ text: 'Тараптар бірлесіп жұмыс істейді.' }, { text: 'Тараптар тоқсан сайын кездеседі.' }],
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  for (const [step, who] of [['submit', people.akim], ['clear', people.prosecutor], ['approve', people.akim], ['approve', people.chief]] as const) {
    const response = await call(`/memoranda/${id}/versions/1/${step}`, who);
    if (response.status !== 200) throw new Error(`${step}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return id;
}
