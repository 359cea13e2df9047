import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger as PinoLogger } from 'nestjs-pino';
import { ADMIN_EMAIL, ADMIN_PASSWORD, aUser, PASSWORD, QUEUE_STORES, startTestApp, type TestApp } from '@kelisim/testing';

describe('auth over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { KELISIM_LOGIN_LIMIT_ACCOUNT: '5', KELISIM_LOGIN_LIMIT_ADDRESS: '12', KELISIM_PUBLIC_DOCS: 'false' } });
  }, 120_000);
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

  it('ApiDocs_WhenNotPublic_NeedSignIn', async () => {
    for (const path of ['/api/docs', '/api/docs/', '/api/docs-json', '/api/docs-yaml']) expect((await t.http.get(path)).status).toBe(401);
    expect((await t.http.get('/api/docs-json').set('Authorization', `Bearer ${t.adminToken}`)).status).toBe(200);
    expect((await t.http.get('/api/docs-json').set('Cookie', `kelisim_token=${t.adminToken}`)).status).toBe(200);
  });

  it('Error500_OfAFailedStatement_IsLoggedWithoutTheSqlOrItsValues', async () => {
    const secret = 'known-webhook-secret-7c1e4b2a';
    const organizationId = (await aUser(t)).organizationId;
    await t.asOwner(`ALTER TABLE webhook_endpoints ADD CONSTRAINT forced_failure CHECK (false) NOT VALID`);
    const logged: unknown[][] = [];
    const spy = jest.spyOn(t.app.get(PinoLogger), 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    try {
      const failed = await t.http
        .put(`/api/v1/admin/webhooks/${organizationId}`)
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ url: 'https://93.184.216.34/hook', secret });
      expect(failed.status).toBe(500);
      expect(JSON.stringify(failed.body)).not.toContain(secret);
    } finally {
      spy.mockRestore();
      await t.asOwner(`ALTER TABLE webhook_endpoints DROP CONSTRAINT forced_failure`);
    }
    const line = JSON.stringify(logged);
    expect(line).toContain('23514');
    expect(line).not.toContain(secret);
    expect(line).not.toMatch(/INSERT|webhook_endpoints \(/);
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
  }, 120_000);

  it('Login_FloodFromOneAddressOverManyAccounts_Is429_WhateverXForwardedForClaims', async () => {
    // No proxy is trusted by default: a forged X-Forwarded-For per request must not give each a fresh count.
    let status = 0;
    for (let i = 0; i < 14 && status !== 429; i += 1) {
      status = (
        await t.http
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', `198.51.100.${i + 1}`)
          .send({ email: `nobody-${i}@kelisim.test`, password: 'wrong-password-x' })
      ).status;
    }
    expect(status).toBe(429);
  }, 120_000);
});

describe('login throttling behind a trusted proxy, counters in PostgreSQL', () => {
  let t: TestApp;
  const login = (from: string, email: string, password: string) =>
    t.http.post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ...QUEUE_STORES.postgres,
        KELISIM_TRUSTED_PROXIES: 'loopback',
        KELISIM_LOGIN_LIMIT_ACCOUNT: '5',
        KELISIM_LOGIN_LIMIT_ADDRESS: '12',
      },
    });
  }, 120_000);
  afterAll(() => t.close());

  it('Login_PaddedOrRecasedEmail_CountsAgainstTheSameAccount', async () => {
    const user = await aUser(t);
    const paddings = [` ${user.email}`, `${user.email} `, `  ${user.email.toUpperCase()}`, `${user.email.toUpperCase()}   `, ` ${user.email} `];
    for (const email of paddings) expect((await login('203.0.113.1', email, 'wrong-password-x')).status).toBe(401);
    const right = await login('203.0.113.1', user.email, PASSWORD);
    expect(right.status).toBe(429);
  }, 120_000);

  it('Login_FortyParallelWrongPasswords_AtMostTheLimitAre401_TheRest429', async () => {
    const user = await aUser(t);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`203.0.113.${100 + (i % 10)}`, user.email, `wrong-password-${i}`)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
  }, 120_000);

  it('Login_Success_UsesUpNothing', async () => {
    const user = await aUser(t);
    for (let i = 0; i < 2; i += 1) expect((await login('203.0.113.2', user.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect((await login('203.0.113.2', user.email, 'wrong-password-x')).status).toBe(401);
    expect((await login('203.0.113.2', user.email, PASSWORD)).status).toBe(429);
  }, 120_000);

  it('Login_FromOneIpv6Slash64_CountsAsOneAddress_TheNextSlash64IsSeparate', async () => {
    let status = 0;
    let tries = 0;
    for (; tries < 14 && status !== 429; tries += 1) {
      status = (await login(`2001:db8:7:7::${(tries + 1).toString(16)}`, `nobody-${tries}@kelisim.test`, 'wrong-password-x')).status;
    }
    expect(status).toBe(429);
    expect(tries).toBe(13);
    expect((await login('2001:db8:7:8::1', 'nobody-x@kelisim.test', 'wrong-password-x')).status).toBe(401);
  }, 120_000);

  describe('a password change', () => {
    const me = (token: string) => t.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    const changeOwn = (from: string, token: string, body: object) =>
      t.http.post('/api/v1/me/password').set('X-Forwarded-For', from).set('Authorization', `Bearer ${token}`).send(body);

    it('OwnChange_RevokesEveryEarlierToken_ANewLoginWorks', async () => {
      const user = await aUser(t);
      const other = (await login('203.0.113.20', user.email, PASSWORD)).body.accessToken as string;
      const changed = await changeOwn('203.0.113.20', user.token, { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' });
      expect(changed.status).toBe(200);
      expect((await me(user.token)).status).toBe(401);
      expect((await me(other)).status).toBe(401);
      const fresh = await login('203.0.113.20', user.email, 'a-brand-new-password');
      expect(fresh.status).toBe(200);
      expect((await me(fresh.body.accessToken)).status).toBe(200);
    }, 120_000);

    it('AdminReset_RevokesTheUsersTokens', async () => {
      const user = await aUser(t);
      expect((await me(user.token)).status).toBe(200);
      const reset = await t.http.patch(`/api/v1/users/${user.id}`).set('Authorization', `Bearer ${t.adminToken}`).send({ password: 'reset-by-the-admin-1' });
      expect(reset.status).toBe(200);
      expect((await me(user.token)).status).toBe(401);
      expect((await login('203.0.113.21', user.email, 'reset-by-the-admin-1')).status).toBe(200);
      expect((await me(t.adminToken)).status).toBe(200);
    }, 120_000);

    it('AnAdminsOwnChange_NeedsTheCurrentPassword_AndNotThroughPatch', async () => {
      const admin = await aUser(t, { roles: ['admin'] });
      const wrong = await changeOwn('203.0.113.22', admin.token, { currentPassword: 'not-the-password', newPassword: 'a-brand-new-password' });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toMatchObject({ code: 'USER.CURRENT_PASSWORD_WRONG' });
      const missing = await changeOwn('203.0.113.22', admin.token, { newPassword: 'a-brand-new-password' });
      expect(missing.status).toBe(400);
      expect(JSON.stringify(missing.body)).toContain('currentPassword');
      const patched = await t.http.patch(`/api/v1/users/${admin.id}`).set('Authorization', `Bearer ${admin.token}`).send({ password: 'a-brand-new-password' });
      expect(patched.status).toBe(400);
      expect(JSON.stringify(patched.body)).toContain('password');
      expect((await login('203.0.113.22', admin.email, PASSWORD)).status).toBe(200);
    }, 120_000);

    it('GuessingTheCurrentPassword_IsThrottledLikeLogin', async () => {
      const user = await aUser(t);
      for (let i = 0; i < 5; i += 1) {
        expect((await changeOwn('203.0.113.23', user.token, { currentPassword: `guess-number-${i}`, newPassword: 'a-brand-new-password' })).status).toBe(400);
      }
      const blocked = await changeOwn('203.0.113.23', user.token, { currentPassword: PASSWORD, newPassword: 'a-brand-new-password' });
      expect(blocked.status).toBe(429);
      expect((await login('203.0.113.24', user.email, PASSWORD)).status).toBe(429);
    }, 120_000);
  });
});
