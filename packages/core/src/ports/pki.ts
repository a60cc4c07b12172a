/**
 * Port: a cluster's certificate authorities. The adapter (@berth/pki) makes keys and signs;
 * the domain decides who may ask, which CA answers, and keeps the private keys sealed.
 */

/** A certificate with its private key, both PEM (the key PKCS#8, unencrypted). */
export interface CertifiedKey {
  certificate: string
  privateKey: string
}

/** Magnum's three CAs per cluster. */
export const CA_KINDS = ['kubernetes', 'etcd', 'front_proxy'] as const
export type CaKind = (typeof CA_KINDS)[number]

/** The cluster's CAs with their keys, unsealed: for drivers whose nodes make their own certificates. */
export type ClusterCas = Record<CaKind, CertifiedKey>

/** Everything a cluster gets at create (and again at each CA rotation). */
export interface ClusterPki {
  kubernetes: CertifiedKey
  etcd: CertifiedKey
  front_proxy: CertifiedKey
  /** CN=admin, O=system:masters, signed by the kubernetes CA: Berth's own client. */
  client: CertifiedKey
}

export interface CertificateAuthority {
  /** The key algorithm of the CAs it makes, recorded with them (e.g. `ECDSA-P256`). */
  readonly keyAlgorithm: string
  /** Three self-signed CAs named after `issuer` and the client certificate. */
  generate(issuer: string, now: Date): Promise<ClusterPki>
  /**
   * Signs a PEM CSR with `ca`, keeping the CSR's subject and only the extensions and key
   * usages a node or user certificate may have; never a CA.
   *
   * @throws InvalidError when the CSR does not parse, its signature is wrong or its key is weak
   */
  sign(ca: CertifiedKey, csr: string, now: Date): Promise<string>
}
