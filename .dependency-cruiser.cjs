// Kelisim's layering (the style guide's "Layout"), checked in CI by `npm run lint`.
// A bounded context is `libs/<name>/src/` except the shared libraries (`libs/shared/*`) and the
// composition library (`libs/platform`).
const CONTEXT = '^libs/(?!shared/|platform/)([^/]+)/src/';
const NOT_A_CONTEXT = '^libs/(shared|platform)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular dependencies make module load order and DI wiring fragile. Break the cycle.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-stays-pure',
      severity: 'error',
      comment:
        'The domain layer and the shared kernel are plain TypeScript: no NestJS, TypeORM, BullMQ, ' +
        'Redis, PostgreSQL or Express. Put framework code in application/ or infrastructure/.',
      from: {
        // Domain folders at any depth: libs/deadlines/src/reminders/domain as well as libs/tasks/src/domain.
        path: ['^libs/.*/domain/', '^libs/shared/kernel/'],
      },
      to: {
        path: '(^|/)node_modules/(@types/)?(@nestjs/[^/]+|typeorm|bullmq|ioredis|pg|express)/',
      },
    },
    {
      name: 'application-not-on-infrastructure',
      severity: 'error',
      comment:
        'Application code (handlers, queries, sagas) depends on the domain and on ports, never on an ' +
        'adapter: declare a port (an abstract class) in application/ or domain/, implement it in ' +
        'infrastructure/ and bind it in the module ({ provide: Port, useExisting: Adapter }).',
      from: { path: '^libs/.+/application/' },
      to: { path: '^libs/.+/infrastructure/' },
    },
    {
      name: 'context-through-its-index',
      severity: 'error',
      comment:
        'A context may use another context only through its public surface, libs/<context>/src/index.ts ' +
        '(@kelisim/<context>), never a deep path.',
      from: { path: CONTEXT },
      to: {
        path: CONTEXT,
        pathNot: ['^libs/$1/src/', '^libs/[^/]+/src/index\\.ts$'],
      },
    },
    {
      name: 'shared-imports-no-context',
      severity: 'error',
      comment: 'libs/shared/* is below every context: it may not import any of them.',
      from: { path: '^libs/shared/' },
      to: { path: '^libs/[^/]+/src/', pathNot: NOT_A_CONTEXT },
    },
    {
      name: 'libs-import-no-apps-or-tests',
      severity: 'error',
      comment: 'Libraries may not depend on the applications or on test code.',
      from: { path: '^libs/' },
      to: { path: '^(apps|test)/' },
    },
    {
      name: 'apps-independent',
      severity: 'error',
      comment:
        'Each application (api, worker, web) is a root: none imports another. What two of them need ' +
        'lives in libs/platform (the worker module, logging) or a context.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment:
        'An import that does not resolve cannot be checked by the rules above (for example a deep ' +
        '@kelisim/<context>/... alias). Fix the path or add the package.',
      from: {},
      // The console's two kernel modules (/glossary.js, /human-time.js) are files of
      // libs/shared/kernel that the API serves beside apps/web/public (libs/platform/src/web-console.ts).
      to: { couldNotResolve: true, pathNot: '^\\./(glossary|human-time)\\.js$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a domain file importing a TypeORM type is still coupled to it.
    tsPreCompilationDeps: true,
    // Resolves the @kelisim/* path aliases (tsconfig.json extends tsconfig.base.json).
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
