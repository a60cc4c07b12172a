import * as z from 'zod/mini'
import { InvalidError } from '../errors'
import type { CaKind } from '../ports/pki'

/** A certificate kept with its cluster: the PEM, and its private key sealed at rest. */
export const SealedCertificateSchema = z.object({
  certificate: z.string(),
  /** SecretBox-sealed PKCS#8 PEM; opened only to sign (CAs) or by the workflow (client). */
  sealed_key: z.string(),
})
export type SealedCertificate = z.infer<typeof SealedCertificateSchema>

/** A cluster's CAs and Berth's client certificate (Magnum's ca/etcd/front-proxy/magnum refs). */
export const ClusterCertificatesSchema = z.object({
  kubernetes: SealedCertificateSchema,
  etcd: SealedCertificateSchema,
  front_proxy: SealedCertificateSchema,
  client: SealedCertificateSchema,
  key_algorithm: z.string(),
  generated_at: z.string(),
  /** The operation (create or CA rotation) that made them: a retried step finds them done. */
  operation_id: z.string(),
  /**
   * A random secret made with the first CAs and kept across rotations, sealed: what nodes that
   * join later prove themselves with (kubeadm's bootstrap token derives from it). Absent on
   * clusters made before it existed.
   */
  sealed_join_secret: z.optional(z.string()),
})
export type ClusterCertificates = z.infer<typeof ClusterCertificatesSchema>

export type CertificateRole = CaKind | 'client' | 'join'

/**
 * What a sealed key is bound to: its cluster and its role, so a key cannot be replayed onto
 * another cluster, nor the etcd CA's key passed off as the Kubernetes CA's.
 */
export const sealContext = (clusterUuid: string, role: CertificateRole) => ({
  cluster: clusterUuid,
  certificate: role,
})

const CA_TYPES: Record<string, CaKind> = {
  kubernetes: 'kubernetes',
  etcd: 'etcd',
  front_proxy: 'front_proxy',
  'front-proxy': 'front_proxy',
}

/**
 * `ca_cert_type` as clients send it: absent means the Kubernetes CA. Magnum quietly answers
 * any other value with the Kubernetes CA; a typo here is a 400 instead.
 */
export const caKindOf = (value: string | null | undefined): CaKind => {
  if (value === undefined || value === null || value === '') return 'kubernetes'
  const kind = Object.hasOwn(CA_TYPES, value) ? CA_TYPES[value] : undefined
  if (!kind) {
    throw new InvalidError(
      `Invalid ca_cert_type '${value}': use kubernetes (the default), etcd, front_proxy or front-proxy.`
    )
  }
  return kind
}

/** X.520 caps a common name at 64 characters. */
const MAX_CN = 64

/** The name Magnum gives a cluster's CAs: the cluster's name, or its uuid without one. */
export const issuerOf = (cluster: { name: string; uuid: string }): string =>
  cluster.name && cluster.name.length <= MAX_CN ? cluster.name : cluster.uuid
