import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_EMAIL, ADMIN_PASSWORD, aUser, startTestApp, type TestApp } from '@kelisim/testing';

describe('auth over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { KELISIM_LOGIN_LIMIT_ACCOUNT: '5', KELISIM_LOGIN_LIMIT_ADDRESS: '12' } });
  });
  afterAll(() => t.close());

  it('Login_WithGoodPassword_ReturnsBearerTokenThatOpensMe', async () => {
    const login = await t.http.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), expiresIn: 3600 });
    const me = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN_EMAIL, roles: ['admin'], locale: 'kk' });
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('Login_WithBadPassword_Is401ProblemJson', async () => {
    const response = await t.http.post('/api/v1/auth/login').set('Accept-Language', 'ru').send({ email: ADMIN_EMAIL, password: 'wrong-password-xx' });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, code: 'AUTH.INVALID_CREDENTIALS', title: 'Требуется вход' });
  });

  it('Request_WithoutOrWithForgedToken_Is401', async () => {
    expect((await t.http.get('/api/v1/me')).status).toBe(401);
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const response = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${forged}`);
    expect(response.status).toBe(401);
    expect(response.body.type).toMatch(/\/unauthorized$/);
  });

  it('Login_FloodOnOneAccount_Is429UntilTheWindowEnds_EvenWithTheRightPassword', async () => {
    const user = await aUser(t);
    for (let i = 0; i < 5; i += 1) {
      const failed = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: `wrong-password-${i}` });
      expect(failed.status).toBe(401);
    }
    const blocked = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password-x' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect(blocked.body.code).toBe('AUTH.TOO_MANY_FAILED_LOGINS');
    const right = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'user-password-123' });
    expect(right.status).toBe(429);
  });

  it('Login_FloodFromOneAddressOverManyAccounts_Is429', async () => {
    let status = 0;
    for (let i = 0; i < 14 && status !== 429; i += 1) {
      status = (await t.http.post('/api/v1/auth/login').send({ email: `nobody-${i}@kelisim.test`, password: 'wrong-password-x' })).status;
    }
    expect(status).toBe(429);
  });
});
