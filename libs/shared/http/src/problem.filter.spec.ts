import { describe, expect, it } from '@jest/globals';
import { NotFoundException } from '@nestjs/common';
import { ConcurrentChangeError, InvalidTransitionError, NotFoundError, StaleRevisionError } from '@kelisim/kernel';
import { toProblem } from './problem.filter.js';
import { RequestValidationError } from './request-validation.error.js';

describe('problem+json mapping', () => {
  it('InvalidTransition_Is409WithTypeEndingInInvalidTransitionAndBothStatesInDetail', () => {
    const problem = toProblem(new InvalidTransitionError('task', 'done', 'acknowledge'), 'en');
    expect(problem).toMatchObject({ status: 409, code: 'TASK.INVALID_TRANSITION' });
    expect(problem.type).toMatch(/\/invalid-transition$/);
    expect(problem.detail).toContain("'done'");
    expect(toProblem(new InvalidTransitionError('task', 'done', 'acknowledge'), 'kk').detail).toContain('«done»');
  });

  it.each([
    [new NotFoundError('task', 'x'), 404],
    [new ConcurrentChangeError('task', 'x'), 409],
    [new StaleRevisionError('task', 1, 2), 412],
    [new RequestValidationError([{ field: 'title', code: 'isLength', message: 'too long' }]), 400],
    [new NotFoundException(), 404],
  ])('%s_Is%s', (error, status) => {
    expect(toProblem(error, 'ru').status).toBe(status);
  });

  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'PostgreSQL'],
    [new Error('Connection terminated unexpectedly'), 'PostgreSQL'],
    [Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }), 'Redis'],
    [new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'Redis'],
    [Object.assign(new Error('Failed to refresh slots cache.'), { name: 'ClusterAllFailedError' }), 'Redis'],
    [new Error('CLUSTERDOWN The cluster is down'), 'Redis'],
  ])('Outage_%s_Is503NamingTheService', (error, service) => {
    const problem = toProblem(error, 'en');
    expect(problem.status).toBe(503);
    expect(problem.detail).toContain(service);
  });

  it('UnknownError_Is500WithoutLeakingItsMessage', () => {
    const problem = toProblem(new Error('secret internals'), 'en');
    expect(problem.status).toBe(500);
    expect(problem.detail).not.toContain('secret');
  });
});
