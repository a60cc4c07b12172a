import type { CaKind } from '../ports/pki'
import type { Principal } from '../principal'
import type { CertificateDeps } from './deps'
import { openCa } from './issue'
import { type CaView, certificatesOf, certifiedCluster, notFoundAsInvalid } from './read'

export interface SignRequest {
  /** The cluster's uuid or name (`cluster_uuid` or, for Zed clients, `bay_uuid`). */
  cluster: string
  csr: string
  kind: CaKind
}

/** POST /v1/certificates: the CSR signed by the cluster's CA, synchronously. */
export const signCertificate = async (
  deps: CertificateDeps,
  principal: Principal,
  request: SignRequest
): Promise<CaView> => {
  const a = await notFoundAsInvalid(
    () => certifiedCluster(deps, principal, request.cluster, 'certificate:create'),
    request.cluster
  )
  const ca = await openCa(deps.secrets, a.cluster.uuid, certificatesOf(a), request.kind)
  const pem = await deps.pki.sign(ca, request.csr, deps.now())
  return { aggregate: a, kind: request.kind, pem }
}
