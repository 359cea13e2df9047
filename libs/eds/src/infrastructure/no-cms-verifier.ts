import type { CmsReport } from '../domain/cms-report.js';
import { CmsVerifier } from '../domain/cms-verifier.js';
import { EdsRefusedError } from '../domain/eds.errors.js';

/** `KELISIM_EDS_VERIFIER=none`: the click signature; no CMS is ever taken for an ЭЦП. */
export class NoCmsVerifier extends CmsVerifier {
  readonly name = 'none' as const;

  verify(): Promise<CmsReport> {
    return Promise.reject(new EdsRefusedError('NOT_CONFIGURED', 'This installation has no ЭЦП verifier: sign without a CMS (a click signature).'));
  }
}
