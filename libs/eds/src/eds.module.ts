import { readFileSync } from 'node:fs';
import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, ConfigurationError } from '@kelisim/config';
import { Clock } from '@kelisim/kernel';
import { SignatureVerification } from './application/signature-verification.js';
import { CmsVerifier } from './domain/cms-verifier.js';
import { certificatesOfPem } from './infrastructure/cms-structure.js';
import { NcanodeCmsVerifier } from './infrastructure/ncanode-cms-verifier.js';
import { NoCmsVerifier } from './infrastructure/no-cms-verifier.js';
import { PkijsCmsVerifier } from './infrastructure/pkijs-cms-verifier.js';
import { registerEdsProblems } from './eds.problems.js';

registerEdsProblems();

function anchors(path: string | undefined, variable: string) {
  if (!path) return [];
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const certificates = (() => {
    try {
      return certificatesOfPem(pem);
    } catch {
      return [];
    }
  })();
  if (certificates.length === 0) throw new ConfigurationError(`${variable}: ${path} holds no readable PEM certificate.`);
  return certificates;
}

/** The adapter `KELISIM_EDS_VERIFIER` names, built once at start (a bad anchor bundle stops start-up). */
export function cmsVerifierFor(config: AppConfig, clock: Clock): CmsVerifier {
  const eds = config.eds;
  const now = () => clock.now();
  switch (eds.verifier) {
    case 'pkijs': {
      const trusted = anchors(eds.trustAnchorsPath, 'KELISIM_EDS_TRUST_ANCHORS');
      return new PkijsCmsVerifier(trusted, eds.tsaAnchorsPath ? anchors(eds.tsaAnchorsPath, 'KELISIM_EDS_TSA_ANCHORS') : trusted, now);
    }
    case 'ncanode': {
      const tsaAnchors = anchors(eds.tsaAnchorsPath ?? eds.trustAnchorsPath, eds.tsaAnchorsPath ? 'KELISIM_EDS_TSA_ANCHORS' : 'KELISIM_EDS_TRUST_ANCHORS');
      if (eds.requireTimestamp && tsaAnchors.length === 0) {
        // Not an error (the verifier still answers), but no timestamp can be trusted: say so once, at start.
        new Logger('EdsModule').warn(
          'KELISIM_EDS_VERIFIER=ncanode requires a timestamp, but no TSA anchors are configured: every ЭЦП will be refused (EDS.TIMESTAMP_UNVERIFIABLE). Set KELISIM_EDS_TSA_ANCHORS to a PEM bundle of the НУЦ РК TSA certificates, or KELISIM_EDS_REQUIRE_TSP=false.',
        );
      }
      return new NcanodeCmsVerifier(eds.ncanodeUrl, eds.ncanodeTimeoutMs, tsaAnchors, now);
    }
    default:
      return new NoCmsVerifier();
  }
}

/** ЭЦП verification: the configured CmsVerifier and the signing policy, for the contexts that take signatures. */
@Module({
  providers: [{ provide: CmsVerifier, inject: [APP_CONFIG, Clock], useFactory: cmsVerifierFor }, SignatureVerification],
  exports: [SignatureVerification],
})
export class EdsModule {}
