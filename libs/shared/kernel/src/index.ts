export * from './actor.js';
export * from './aggregate-root.js';
export * from './clock.js';
export * from './domain-errors.js';
export * from './domain-event.js';
export * from './identity.js';
export * from './locale.js';
export * from './time-zone.js';
