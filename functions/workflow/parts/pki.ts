import type { StepDeps } from '@berth/core/lifecycle/deps'
import { lazyCertificateAuthority } from '@berth/pki/lazy'

/** The authority of clusters' CAs; its x509 code loads when a step first makes certificates. */
export const pkiParts = (): StepDeps<'pki'> => ({ pki: lazyCertificateAuthority() })
