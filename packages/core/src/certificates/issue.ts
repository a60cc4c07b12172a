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
  cluster: Pick<Cluster, 'uuid' | 'name' | 'certificates'>,
  operationId: string
): Promise<ClusterCertificates> => {
  const now = deps.now()
  const made = await deps.pki.generate(issuerOf(cluster), now)
  const seal = async (role: keyof typeof made) => ({
    certificate: made[role].certificate,
    sealed_key: await deps.secrets.seal(made[role].privateKey, sealContext(cluster.uuid, role)),
  })
  const [kubernetes, etcd, front_proxy, client, sealed_join_secret] = await Promise.all([
    seal('kubernetes'),
    seal('etcd'),
    seal('front_proxy'),
    seal('client'),
    // Nodes already in the cluster hold what derives from it: a rotation keeps it.
    cluster.certificates?.sealed_join_secret ??
      deps.secrets.seal(newJoinSecret(), sealContext(cluster.uuid, 'join')),
  ])
  return {
    kubernetes,
    etcd,
    front_proxy,
    client,
    key_algorithm: deps.pki.keyAlgorithm,
    generated_at: now.toISOString(),
    operation_id: operationId,
    sealed_join_secret,
  }
}

/** 32 random bytes in hex: a key for HMAC, never shown to anyone. */
const newJoinSecret = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
    b.toString(16).padStart(2, '0')
  ).join('')

/** The cluster's join secret, unsealed; undefined for clusters made before it existed. */
export const openJoinSecret = async (
  secrets: SecretBox,
  clusterUuid: string,
  certificates: ClusterCertificates
): Promise<string | undefined> =>
  certificates.sealed_join_secret === undefined
    ? undefined
    : secrets.open(certificates.sealed_join_secret, sealContext(clusterUuid, 'join'))

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
