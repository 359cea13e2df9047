import { fileURLToPath } from 'node:url';

/** The repository root, with a trailing slash (this module runs from dist/bench/support/). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
