import type { CertificateAuthority } from '@berth/core/ports/pki'
import { KEY_ALGORITHM } from './algorithm'

/**
 * The authority with its code (x509, ASN.1, the Reflect polyfill) loaded on first use: a
 * process that never signs — most API requests, most workflow steps — never pays for it.
 */
export const lazyCertificateAuthority = (): CertificateAuthority => {
  let loaded: Promise<CertificateAuthority> | undefined
  const authority = () => {
    loaded ??= import('./certificate-authority').then((m) => new m.X509Authority())
    return loaded
  }
  return {
    keyAlgorithm: KEY_ALGORITHM,
    generate: async (issuer, now) => (await authority()).generate(issuer, now),
    sign: async (ca, csr, now) => (await authority()).sign(ca, csr, now),
  }
}
