import type { Cluster } from '../clusters/model'
import type { CaKind, CertificateAuthority, CertifiedKey } from '../ports/pki'
import type { SecretBox } from '../ports/secrets'
import { type ClusterCertificates, issuerOf, sealContext } from './model'

export interface IssueDeps {
  pki: CertificateAuthority
  secrets: SecretBox
  now: () => Date
}

/**
 * New CAs and client certificate for `cluster`, private keys sealed: what cluster create and
 * CA rotation write onto the cluster record.
 */
export const issueCertificates = async (
  deps: IssueDeps,
  cluster: Pick<Cluster, 'uuid' | 'name'>,
  operationId: string
): Promise<ClusterCertificates> => {
  const now = deps.now()
  const made = await deps.pki.generate(issuerOf(cluster), now)
  const seal = async (role: keyof typeof made) => ({
    certificate: made[role].certificate,
    sealed_key: await deps.secrets.seal(made[role].privateKey, sealContext(cluster.uuid, role)),
  })
  const [kubernetes, etcd, front_proxy, client] = await Promise.all([
    seal('kubernetes'),
    seal('etcd'),
    seal('front_proxy'),
    seal('client'),
  ])
  return {
    kubernetes,
    etcd,
    front_proxy,
    client,
    key_algorithm: deps.pki.keyAlgorithm,
    generated_at: now.toISOString(),
    operation_id: operationId,
  }
}

/** A CA of the cluster with its key unsealed, to sign with (in memory only). */
export const openCa = async (
  secrets: SecretBox,
  clusterUuid: string,
  certificates: ClusterCertificates,
  kind: CaKind
): Promise<CertifiedKey> => ({
  certificate: certificates[kind].certificate,
  privateKey: await secrets.open(certificates[kind].sealed_key, sealContext(clusterUuid, kind)),
})
