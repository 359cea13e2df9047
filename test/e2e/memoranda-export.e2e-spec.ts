import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import JSZip from 'jszip';
import type { Response } from 'superagent';
import { anOrganization, aUser, pdfText, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

/**
 * Export of a signed version of the Maktaaral memorandum as PDF and DOCX: what a user reads in the
 * file (text extracted from the PDF with pdf.js, the DOCX's word/document.xml), not how it looks.
 */
jest.setTimeout(180_000);

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Collects a binary body (supertest only buffers text and JSON by itself). */
const binary = (res: Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Text of word/document.xml, paragraph by paragraph, whitespace-normalized. */
async function docxText(data: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')!.async('string');
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join(''))
    .join(' ')
    .replace(/\s+/g, ' ');
}

const squeeze = (s: string): string => s.replace(/\s+/g, ' ');
const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('memorandum version export', () => {
  let t: TestApp;
  let memorandumId: string;
  let textHash: string;
  let drafter: TestUser;
  let prosecutor: TestUser;
  let controller: TestUser;
  let stranger: TestUser;
  let russianSignatory: TestUser;
  const organizations: string[] = [];

  const TITLE = 'Этносаралық келісімді сақтау жөніндегі ынтымақтастық туралы меморандум';
  const PARTIES = [
    { org: 'Мақтаарал аудандық әкімдігі', kind: 'akimat', signatory: 'Аудан әкімі Әбділдаев Ғ. Қ.' },
    { org: 'Мақтаарал аудандық полиция бөлімі', kind: 'police', signatory: 'Полиция бөлімінің бастығы Нұрланов Ө. Ү.' },
    { org: 'Өзбек этномәдени орталығы', kind: 'ethnocultural_centre', signatory: 'Орталық төрағасы Һәкімов І. Ң.' },
  ];
  const CLAUSES = [
    'Тараптар аудандағы этносаралық келісім мен бірлікті нығайту мақсатында бірлесіп жұмыс істейді.',
    'Әр елді мекенде депутаттар, учаскелік полиция инспекторлары, ауыл әкімдері, ақсақалдар мен белсенді жастар бірлесіп түсіндіру жұмыстарын жүргізеді.',
    'Аудандық полиция бөлімі этносаралық шиеленістің алдын алу бойынша тоқсан сайын есеп береді.',
  ];

  const call = (method: 'get' | 'post', path: string, token: string, body?: object) => {
    const request = t.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
    return body === undefined ? request : request.send(body);
  };
  const download = (path: string, token: string) =>
    t.http.get(`/api/v1/memoranda/${memorandumId}/versions/1/export${path}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
  const ok = async (request: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await request;
    if (response.status !== 200 && response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const signatories: TestUser[] = [];
    for (const party of PARTIES) {
      const id = await anOrganization(t, { name: party.org, kind: party.kind });
      organizations.push(id);
      signatories.push(await aUser(t, { organizationId: id, roles: ['signatory'], fullName: party.signatory }));
    }
    const prosecutorOffice = await anOrganization(t, { name: 'Мақтаарал аудандық прокуратурасы', kind: 'prosecutor' });
    prosecutor = await aUser(t, { organizationId: prosecutorOffice, roles: ['prosecutor'], fullName: 'Аудан прокуроры Сейітов Б.' });
    drafter = await aUser(t, { organizationId: organizations[0], fullName: 'Ішкі саясат бөлімінің басшысы' });
    controller = await aUser(t, { organizationId: organizations[0], roles: ['controller'], fullName: 'Бақылаушы', locale: 'ru' });
    russianSignatory = await aUser(t, { organizationId: organizations[1], fullName: 'Сотрудник полиции', locale: 'ru' });
    stranger = await aUser(t, { fullName: 'Бөгде ұйымның қызметкері' });

    const created = await ok(
      call('post', '/memoranda', drafter.token, {
        title: TITLE,
        purpose: 'Этносаралық түсініспеушілік пен қақтығыстардың алдын алу бойынша бірлескен жұмыс',
        reviewerOrganizationId: prosecutorOffice,
        parties: organizations.map((organizationId, i) => ({ organizationId, signatoryId: signatories[i].id })),
        clauses: CLAUSES.map((text) => ({ text })),
      }),
    );
    memorandumId = (created.body as { id: string }).id;
    const v = (action: string) => `/memoranda/${memorandumId}/versions/1/${action}`;
    await ok(call('post', v('submit'), drafter.token));
    await ok(call('post', v('clear'), prosecutor.token, { comment: 'Заңнамаға сәйкес келеді.' }));
    await ok(call('post', v('approve'), signatories[0].token, { comment: 'Келісемін.' }));
    await ok(call('post', v('approve'), signatories[1].token, {}));
    // The centre's signatory is away: an admin approves and signs for the centre, recorded as such.
    await ok(call('post', v('approve'), t.adminToken, { onBehalfOf: organizations[2] }));
    textHash = ((await ok(call('get', `/memoranda/${memorandumId}/versions/1`, drafter.token))).body as { textHash: string }).textHash;
    await ok(call('post', v('sign'), signatories[0].token, { signature: { textHash } }));
    await ok(call('post', v('sign'), signatories[1].token, { signature: { textHash } }));
    const last = await ok(call('post', v('sign'), t.adminToken, { onBehalfOf: organizations[2] }));
    expect(last.body).toMatchObject({ status: 'active', versionInForce: 1 });
  });
  afterAll(() => t.close());

  it('ExportPdf_OfASignedVersion_CarriesTitleClausesPartiesSignaturesAndTextHashInKazakh', async () => {
    const response = await download('?format=pdf', drafter.token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(PDF);
    expect(response.headers['content-disposition']).toBe('attachment; filename="memorandum-1.pdf"');
    const body = response.body as Buffer;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const text = await pdfText(body);
    expect(text).toContain(TITLE);
    CLAUSES.forEach((clause, i) => expect(text).toContain(`${i + 1}. ${squeeze(clause)}`));
    for (const party of PARTIES) {
      expect(text).toContain(party.org);
      expect(text).toContain(party.signatory);
    }
    // Once among the version's facts, once under each of the three signatures.
    expect(occurrences(text, textHash)).toBe(4);
    expect(occurrences(text, `Мәтін хэші (SHA-256): ${textHash}`)).toBe(3);
    // No ЭЦП verifier here: each signature says it is a click, so nobody takes it for an ЭЦП.
    expect(occurrences(text, 'Басу арқылы қол қойылды, ЭЦҚ жоқ')).toBe(3);
    // Kazakh headings (the drafter's locale is the default kk), the review and who acted for whom.
    for (const label of ['Меморандум мәтіні', 'Тараптар', 'Келісулер', 'Қолтаңбалар', 'Күшінде', 'Қараудан өтті', 'Заңнамаға сәйкес келеді.']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('Administrator (тарап атынан әкімші)');
    // Times by the kernel's formatter (the console's and e-mails'), to the second, in the acting organization's zone.
    expect(text).toMatch(/\d{4} ж\. \d{1,2} (қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан), \d{2}:\d{2}:\d{2} \(Алматы\)/);
  });

  it('ExportPdf_WithLangRu_HasRussianHeadings_AndWithoutLang_FollowsTheCallersLocale', async () => {
    const asked = await pdfText((await download('?format=pdf&lang=ru', drafter.token)).body as Buffer);
    const byLocale = await pdfText((await download('?format=pdf', russianSignatory.token)).body as Buffer);
    for (const text of [asked, byLocale]) {
      for (const label of ['Текст меморандума', 'Стороны', 'Согласования', 'Подписи', 'Действует', 'администратор от имени стороны']) {
        expect(text).toContain(label);
      }
      expect(text).toContain(TITLE);
      expect(occurrences(text, `Хэш текста (SHA-256): ${textHash}`)).toBe(3);
      expect(occurrences(text, 'Подписано нажатием, без ЭЦП')).toBe(3);
      expect(text).not.toContain('Қолтаңбалар');
      expect(text).toMatch(/\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4} г\., \d{2}:\d{2}:\d{2} \(Алматы\)/);
    }
  });

  it('ExportDocx_OfASignedVersion_CarriesTheSameContent', async () => {
    const response = await download('?format=docx&lang=kk', controller.token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(DOCX);
    expect(response.headers['content-disposition']).toBe('attachment; filename="memorandum-1.docx"');
    const text = await docxText(response.body as Buffer);
    expect(text).toContain(TITLE);
    CLAUSES.forEach((clause, i) => expect(text).toContain(`${i + 1}. ${clause}`));
    for (const party of PARTIES) {
      expect(text).toContain(party.org);
      expect(text).toContain(party.signatory);
    }
    expect(occurrences(text, textHash)).toBe(4);
    expect(occurrences(text, `Мәтін хэші (SHA-256): ${textHash}`)).toBe(3);
    for (const label of ['Тараптар', 'Келісулер', 'Қолтаңбалар', 'Administrator (тарап атынан әкімші)', 'Мақтаарал аудандық прокуратурасы']) {
      expect(text).toContain(label);
    }
  });

  it('Export_ByTheReviewersProsecutor_Is200', async () => {
    const response = await download('?format=docx', prosecutor.token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(DOCX);
  });

  it('Export_ByAStranger_Is404', async () => {
    const response = await call('get', `/memoranda/${memorandumId}/versions/1/export?format=pdf`, stranger.token);
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('Export_OfAVersionThatDoesNotExist_Is404', async () => {
    expect((await call('get', `/memoranda/${memorandumId}/versions/7/export?format=pdf`, drafter.token)).status).toBe(404);
  });

  it.each([
    ['?format=odt', 'format'],
    ['', 'format'],
    ['?format=pdf&lang=de', 'lang'],
  ])('Export_WithBadQuery%s_Is400Naming%s', async (query, field) => {
    const response = await call('get', `/memoranda/${memorandumId}/versions/1/export${query}`, drafter.token);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
