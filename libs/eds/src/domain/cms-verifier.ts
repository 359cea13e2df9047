import type { CmsReport, EdsVerifierName } from './cms-report.js';

/**
 * Port (and DI token): verifies a detached CMS (DER) over `content`, the bytes a version froze.
 * An adapter reports what it found; it throws EdsRefusedError only when the CMS cannot be read
 * (MALFORMED) or uses an algorithm it cannot check (UNSUPPORTED_ALGORITHM), and
 * EdsVerifierUnavailableError when a service it needs is away.
 */
export abstract class CmsVerifier {
  abstract readonly name: EdsVerifierName;
  abstract verify(cms: Uint8Array, content: Uint8Array): Promise<CmsReport>;
}
