import type { CertificateAuthority, CertifiedKey, ClusterPki } from '@berth/core/ports/pki'
import { caName, createCa, createClient } from './authority'
import { importSigningKey, KEY_ALGORITHM } from './keys'
import { CERTIFICATE_VALIDITY_DAYS, signCsr } from './sign'
import { SubjectKeyIdentifierExtension, X509Certificate } from './x509'

export interface X509AuthorityOptions {
  /** Days a signed certificate is valid (capped by the CA's expiry); Magnum's default 1825. */
  validityDays?: number
}

/**
 * The CertificateAuthority port on @peculiar/x509 and the platform's WebCrypto: per cluster
 * three self-signed CAs (kubernetes, etcd, front-proxy) and Berth's admin client certificate.
 *
 * @example
 * const pki = new X509Authority()
 * const material = await pki.generate('my-cluster', new Date())
 * const pem = await pki.sign(material.kubernetes, csrPem, new Date())
 */
export class X509Authority implements CertificateAuthority {
  readonly keyAlgorithm = KEY_ALGORITHM
  private readonly validityDays: number

  constructor(options: X509AuthorityOptions = {}) {
    this.validityDays = options.validityDays ?? CERTIFICATE_VALIDITY_DAYS
  }

  async generate(issuer: string, now: Date): Promise<ClusterPki> {
    const [kubernetes, etcd, front_proxy] = await Promise.all([
      createCa(issuer, 'kubernetes', now),
      createCa(issuer, 'etcd', now),
      createCa(issuer, 'front_proxy', now),
    ])
    const caCert = new X509Certificate(kubernetes.certificate)
    const client = await createClient(
      {
        certificate: kubernetes.certificate,
        signingKey: await importSigningKey(kubernetes.privateKey),
        notAfter: caCert.notAfter,
        subjectKeyId: caCert.getExtension(SubjectKeyIdentifierExtension)?.keyId ?? '',
      },
      caName(issuer, 'kubernetes'),
      now,
      this.validityDays
    )
    return { kubernetes, etcd, front_proxy, client }
  }

  sign(ca: CertifiedKey, csr: string, now: Date): Promise<string> {
    return signCsr(ca, csr, now, this.validityDays)
  }
}
