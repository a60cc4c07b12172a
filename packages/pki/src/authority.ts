import { randomBytes } from 'node:crypto'
import type { CaKind, CertifiedKey, ClusterPki } from '@berth/core/ports/pki'
import {
  type CryptoKey,
  crypto,
  generateKeyPair,
  pemText,
  privateKeyPem,
  SIGNING_ALGORITHM,
} from './keys'
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  Name,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from './x509'

const DAY_MS = 86_400_000

/**
 * How long a CA lives. Magnum gives its CAs the same 5 years as the certificates they sign;
 * ten let a certificate signed in a CA's fifth year still get its full term.
 */
export const CA_VALIDITY_DAYS = 3650

/** Clocks of freshly booted nodes lag; certificates start a little in the past. */
export const BACKDATE_MS = 5 * 60_000

/** A positive 128-bit serial number, hex (RFC 5280: at most 20 octets, unpredictable). */
export const serialNumber = (): string => {
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0] ?? 0) & 0x7f
  return bytes.toString('hex')
}

/** OU of each CA: the three share their CN (the cluster), as in Magnum, but not their subject. */
const UNIT: Record<CaKind, string> = {
  kubernetes: 'kubernetes',
  etcd: 'etcd',
  front_proxy: 'front-proxy',
}

/**
 * UTF8String values set as such: a plain JSON value goes through the library's string parsing,
 * which mangles names with quotes (`a "b"` became `b`).
 */
export const utf8Name = (...rdns: [string, string][]): Name =>
  new Name(rdns.map(([type, value]) => ({ [type]: [{ utf8String: value }] })))

export const caName = (issuer: string, kind: CaKind): Name =>
  utf8Name(['CN', issuer], ['OU', UNIT[kind]])

/** A self-signed CA for certificates of one cluster (path length 0: it signs leaves only). */
export const createCa = async (issuer: string, kind: CaKind, now: Date): Promise<CertifiedKey> => {
  const keys = await generateKeyPair()
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: caName(issuer, kind),
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
      keys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new BasicConstraintsExtension(true, 0, true),
        new KeyUsagesExtension(
          KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature,
          true
        ),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto
  )
  return {
    certificate: pemText(cert.toString('pem')),
    privateKey: await privateKeyPem(keys.privateKey),
  }
}

/** Berth's own client of the cluster: CN=admin in system:masters, as Magnum's. */
export const createClient = async (
  ca: { certificate: string; signingKey: CryptoKey; notAfter: Date; subjectKeyId: string },
  issuer: Name,
  now: Date,
  validityDays: number
): Promise<CertifiedKey> => {
  const keys = await generateKeyPair()
  const notAfter = Math.min(now.getTime() + validityDays * DAY_MS, ca.notAfter.getTime())
  const cert = await X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: utf8Name(['CN', 'admin'], ['O', 'system:masters']),
      issuer,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(notAfter),
      publicKey: keys.publicKey,
      signingKey: ca.signingKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new BasicConstraintsExtension(false, undefined, true),
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth]),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        new AuthorityKeyIdentifierExtension(ca.subjectKeyId),
      ],
    },
    crypto
  )
  return {
    certificate: pemText(cert.toString('pem')),
    privateKey: await privateKeyPem(keys.privateKey),
  }
}

export type { ClusterPki }
