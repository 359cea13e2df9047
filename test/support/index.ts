export * from './directory-fixtures.js';
export * from './test-app.js';
