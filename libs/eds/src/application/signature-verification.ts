import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { Clock } from '@kelisim/kernel';
import { CmsVerifier } from '../domain/cms-verifier.js';
import { EdsRefusedError } from '../domain/eds.errors.js';
import { type AcceptedSignature, judgeSignature } from '../domain/signing-policy.js';

export interface SignatureToCheck {
  /** The detached CMS (DER) as posted, or null for a click signature. */
  cms: Uint8Array | null;
  /** The bytes the signature must be over: the version's text as it was frozen. */
  content: Uint8Array;
  /** The BIN of the organization signed for. */
  bin: string | null;
  /** The IIN of the person signing. */
  iin: string | null;
}

/** A signature that passed the policy, with everything kept as evidence. */
export interface VerifiedSignature extends AcceptedSignature {
  verifier: 'pkijs' | 'ncanode';
  cms: Uint8Array;
  cmsSha256: string;
  /** SHA-256 of the bytes verified: the version's text hash. */
  contentSha256: string;
  verifiedAt: string;
  /** The verifier's own answer (NCANode's JSON; pkijs: what it found). */
  answer: unknown;
}

/** What `POST …/sign` expects here: a CMS (an ЭЦП verifier is configured) or the click signature. */
export type SignatureKind = 'cms' | 'click';

/**
 * Checks a signature before it counts: with `KELISIM_EDS_VERIFIER=none` only the click signature
 * is possible (a CMS would be kept unverified, so it is refused); with a verifier, a CMS is
 * required and must pass the one signing policy.
 */
@Injectable()
export class SignatureVerification {
  constructor(
    private readonly verifier: CmsVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get kind(): SignatureKind {
    return this.config.eds.verifier === 'none' ? 'click' : 'cms';
  }

  async check(signature: SignatureToCheck): Promise<VerifiedSignature | null> {
    if (this.kind === 'click') {
      if (signature.cms) throw new EdsRefusedError('NOT_CONFIGURED', 'This installation has no ЭЦП verifier: sign without a CMS (a click signature).');
      return null;
    }
    if (!signature.cms) throw new EdsRefusedError('CMS_REQUIRED', 'A signature here is an ЭЦП: send signature.cms, the detached CMS made with NCALayer.');
    const report = await this.verifier.verify(signature.cms, signature.content);
    const now = this.clock.now();
    const accepted = judgeSignature(report, {
      bin: signature.bin,
      iin: signature.iin,
      requireTimestamp: this.config.eds.requireTimestamp,
      requireRevocationCheck: report.verifier === 'ncanode',
      now,
    });
    return {
      ...accepted,
      verifier: report.verifier,
      cms: signature.cms,
      cmsSha256: createHash('sha256').update(signature.cms).digest('hex'),
      contentSha256: createHash('sha256').update(signature.content).digest('hex'),
      verifiedAt: now.toISOString(),
      answer: report.answer,
    };
  }
}
