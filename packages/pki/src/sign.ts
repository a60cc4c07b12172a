import type { webcrypto } from 'node:crypto'
import type { CertifiedKey } from '@berth/core/ports/pki'
import { BACKDATE_MS, serialNumber } from './authority'
import { CsrError } from './errors'
import { crypto, importSigningKey, pemText, SIGNING_ALGORITHM } from './keys'
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Pkcs10CertificateRequest,
  type PublicKey,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from './x509'

const DAY_MS = 86_400_000

/** Magnum's `[x509] term_of_validity`. */
export const CERTIFICATE_VALIDITY_DAYS = 1825

export const OID = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
} as const

/** Magnum's `[x509] allowed_key_usage`: Digital Signature, Key Encipherment, Non Repudiation. */
export const ALLOWED_KEY_USAGES =
  KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment | KeyUsageFlags.nonRepudiation

const PEM_CSR =
  /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]+)-----END \1?CERTIFICATE REQUEST-----/

/** The first PEM certificate request in `text`, parsed. */
export const parseCsr = (text: string): Pkcs10CertificateRequest => {
  const match = PEM_CSR.exec(text)
  if (!match?.[2]) throw new CsrError('no PEM "CERTIFICATE REQUEST" block found')
  try {
    return new Pkcs10CertificateRequest(Buffer.from(match[2].replace(/\s+/g, ''), 'base64'))
  } catch (e) {
    throw new CsrError((e as Error).message)
  }
}

const CURVES = new Set(['P-256', 'P-384', 'P-521'])

/** RSA of 2048 bits or more, or ECDSA on a NIST curve: what TLS stacks of clusters accept. */
const checkKey = async (key: PublicKey): Promise<void> => {
  let algorithm: Partial<webcrypto.RsaHashedKeyAlgorithm & webcrypto.EcKeyAlgorithm>
  try {
    algorithm = (await key.export(crypto)).algorithm
  } catch {
    throw new CsrError(`its public key (${key.algorithm.name}) is not RSA or ECDSA`)
  }
  if (algorithm.name === 'RSASSA-PKCS1-v1_5') {
    if ((algorithm.modulusLength ?? 0) < 2048) {
      throw new CsrError(
        `its RSA key has ${algorithm.modulusLength} bits; 2048 at least are needed`
      )
    }
    return
  }
  if (algorithm.name === 'ECDSA' && CURVES.has(algorithm.namedCurve ?? '')) return
  throw new CsrError(
    `its public key (${algorithm.name} ${algorithm.namedCurve ?? ''}) is not supported`
  )
}

/**
 * The extensions of a signed certificate: from the CSR only key usage (narrowed to the allowed
 * usages), extended key usage and subject alternative names; then CA:FALSE whatever was asked,
 * and key identifiers computed here rather than taken from the request.
 */
export const grantedExtensions = async (
  csr: Pkcs10CertificateRequest,
  caKeyId: string | undefined
): Promise<Extension[]> => {
  const first = (oid: string) => csr.extensions.find((e) => e.type === oid)
  const out: Extension[] = [new BasicConstraintsExtension(false, undefined, true)]
  const keyUsage = first(OID.keyUsage)
  if (keyUsage) {
    const usages = new KeyUsagesExtension(keyUsage.rawData).usages & ALLOWED_KEY_USAGES
    if (usages !== 0) out.push(new KeyUsagesExtension(usages, keyUsage.critical))
  }
  const extKeyUsage = first(OID.extKeyUsage)
  if (extKeyUsage) {
    const { usages } = new ExtendedKeyUsageExtension(extKeyUsage.rawData)
    out.push(new ExtendedKeyUsageExtension(usages, extKeyUsage.critical))
  }
  const san = first(OID.subjectAltName)
  if (san) out.push(new Extension(san.type, san.critical, san.value))
  out.push(await SubjectKeyIdentifierExtension.create(csr.publicKey, false, crypto))
  if (caKeyId) out.push(new AuthorityKeyIdentifierExtension(caKeyId))
  return out
}

/**
 * Signs `csrText` with `ca` for `validityDays`, never beyond the CA's own expiry.
 *
 * @throws CsrError when the request does not parse, is not signed by its key, or its key is weak
 */
export const signCsr = async (
  ca: CertifiedKey,
  csrText: string,
  now: Date,
  validityDays = CERTIFICATE_VALIDITY_DAYS
): Promise<string> => {
  const csr = parseCsr(csrText)
  let signed: boolean
  try {
    signed = await csr.verify(crypto)
  } catch (e) {
    throw new CsrError(`its signature cannot be checked: ${(e as Error).message}`)
  }
  if (!signed) throw new CsrError('its signature does not match its public key')
  await checkKey(csr.publicKey)
  const caCert = new X509Certificate(ca.certificate)
  if (caCert.notAfter.getTime() <= now.getTime()) {
    throw new CsrError(`the CA ${caCert.subject} expired on ${caCert.notAfter.toISOString()}`)
  }
  const caKeyId = caCert.getExtension(SubjectKeyIdentifierExtension)?.keyId
  const notAfter = Math.min(now.getTime() + validityDays * DAY_MS, caCert.notAfter.getTime())
  const cert = await X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: csr.subjectName,
      issuer: caCert.subjectName,
      notBefore: new Date(Math.max(now.getTime() - BACKDATE_MS, caCert.notBefore.getTime())),
      notAfter: new Date(notAfter),
      publicKey: csr.publicKey,
      signingKey: await importSigningKey(ca.privateKey),
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: await grantedExtensions(csr, caKeyId),
    },
    crypto
  )
  return pemText(cert.toString('pem'))
}
