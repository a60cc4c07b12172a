import type { ClusterDeps } from '../clusters/deps'
import type { CertificateAuthority } from '../ports/pki'

/** The certificate use-cases: everything clusters have, and the authority that signs. */
export interface CertificateDeps extends ClusterDeps {
  pki: CertificateAuthority
}
