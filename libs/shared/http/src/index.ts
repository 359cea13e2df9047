export * from './body-parsing.js';
export * from './idempotency.interceptor.js';
export * from './pagination.request.js';
export * from './problem.filter.js';
export * from './problem-catalogue.js';
export * from './request-validation.error.js';
export * from './revision.js';
export * from './validation.js';
