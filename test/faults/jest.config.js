// The faults suite (`npm run test:faults`): real processes of the built platform on private
// PostgreSQL and Redis servers it kills and restarts. Kept out of `npm test`: it owns its servers.
import { fileURLToPath } from 'node:url';
import base from '../../jest.config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const integration = base.projects.find((p) => p.displayName === 'integration');

export default {
  rootDir: root,
  testTimeout: 600_000,
  projects: [{ ...integration, rootDir: root, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'] }],
};
