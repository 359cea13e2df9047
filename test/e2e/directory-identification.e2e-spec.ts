import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { anOrganization, aUser, counts, PASSWORD, startTestApp, type TestApp } from '@kelisim/testing';

/** BIN of organizations and IIN of people: checked with the official check digit, the IIN shown to admins and the person only. */
jest.setTimeout(180_000);

describe('BIN and IIN in the directory', () => {
  let t: TestApp;
  const admin = () => `Bearer ${t.adminToken}`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('CreateOrganization_WithAValidBin_Is201AndShowsIt', async () => {
    const response = await t.http.post('/api/v1/organizations').set('Authorization', admin()).send({ name: 'Мақтаарал аудандық әкімдігі', kind: 'akimat', bin: '940140000385' });
    expect(response.status).toBe(201);
    expect(response.body.bin).toBe('940140000385');
    const read = await t.http.get(`/api/v1/organizations/${response.body.id}`).set('Authorization', admin());
    expect(read.body.bin).toBe('940140000385');
  });

  it.each([
    ['940140000386', 'DIRECTORY.INVALID_BIN', 'БСН 12 цифрдан тұруы және бақылау разряды дұрыс болуы тиіс.'],
    ['94014000038', 'REQUEST.INVALID', 'Сұраныста қате өрістер бар: bin.'],
    ['9401400003a5', 'REQUEST.INVALID', 'Сұраныста қате өрістер бар: bin.'],
  ])('CreateOrganization_WithBin%s_Is400NamingBinAndStoresNothing', async (bin, code, detail) => {
    const before = await counts(t, 'organizations');
    const response = await t.http.post('/api/v1/organizations').set('Authorization', admin()).send({ name: 'X', kind: 'akimat', bin });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe(code);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['bin']);
    // The admin's profile language is Kazakh.
    expect(response.body.detail).toBe(detail);
    expect(await counts(t, 'organizations')).toEqual(before);
  });

  it('PatchOrganization_SetsABin; AWrongOne_Is400AndKeepsTheOld', async () => {
    const id = await anOrganization(t);
    const set = await t.http.patch(`/api/v1/organizations/${id}`).set('Authorization', admin()).send({ bin: '990140004654' });
    expect(set.status).toBe(200);
    expect(set.body.bin).toBe('990140004654');
    const wrong = await t.http.patch(`/api/v1/organizations/${id}`).set('Authorization', admin()).send({ bin: '990140004655' });
    expect(wrong.status).toBe(400);
    expect((await t.http.get(`/api/v1/organizations/${id}`).set('Authorization', admin())).body.bin).toBe('990140004654');
  });

  it('User_WithAnIin_IsSeenByAdminsAndThemselves_ButNotByOthers', async () => {
    const organizationId = await anOrganization(t);
    const created = await t.http
      .post('/api/v1/users')
      .set('Authorization', admin())
      .send({ fullName: 'Әбділдаев Ғалым', email: 'galym@maktaaral.test', organizationId, password: PASSWORD, iin: '791028302728' });
    expect(created.status).toBe(201);
    expect(created.body.iin).toBe('791028302728');
    const self = await t.login('galym@maktaaral.test');
    const colleague = await aUser(t, { organizationId });
    const asSelf = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${self}`);
    expect(asSelf.body.iin).toBe('791028302728');
    const asColleague = await t.http.get(`/api/v1/users/${created.body.id}`).set('Authorization', `Bearer ${colleague.token}`);
    expect(asColleague.status).toBe(200);
    expect(asColleague.body).not.toHaveProperty('iin');
    const list = await t.http.get(`/api/v1/users?organizationId=${organizationId}`).set('Authorization', `Bearer ${colleague.token}`);
    expect(list.body.items.find((u: { id: string }) => u.id === created.body.id)).not.toHaveProperty('iin');
    const listedForAdmin = await t.http.get(`/api/v1/users?organizationId=${organizationId}`).set('Authorization', admin());
    expect(listedForAdmin.body.items.find((u: { id: string }) => u.id === created.body.id).iin).toBe('791028302728');
  });

  it('User_WithAWrongIin_Is400NamingIin; AUserMayNotSetTheirOwn', async () => {
    const organizationId = await anOrganization(t);
    const before = await counts(t, 'users');
    const wrong = await t.http.post('/api/v1/users').set('Authorization', admin()).send({ fullName: 'X', email: 'x-iin@maktaaral.test', organizationId, password: PASSWORD, iin: '791028302729' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['iin']);
    expect(await counts(t, 'users')).toEqual(before);
    const user = await aUser(t, { organizationId });
    const own = await t.http.patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${user.token}`).send({ iin: '791028302728' });
    expect(own.status).toBe(403);
  });
});
