export * from './actor-resolver.js';
export * from './auth.errors.js';
export * from './auth.guard.js';
export * from './auth.module.js';
export * from './decorators.js';
export * from './login-throttle.js';
export * from './token.service.js';
export * from './client-address.js';
