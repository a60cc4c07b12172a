import { describe, expect, it } from 'vitest'
import { X509Authority } from './certificate-authority'
import { KEY_ALGORITHM } from './keys'
import { lazyCertificateAuthority } from './lazy'
import { certText, openssl, opensslCsr, scratch } from './test-support'
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509Certificate,
} from './x509'

const NOW = new Date('2026-03-01T12:00:00Z')
const DAY = 86_400_000

describe('X509Authority.generate', () => {
  it('makes three distinct self-signed CAs named after the cluster and a client they sign', async () => {
    const pki = await new X509Authority().generate('prod, "east"', NOW)
    const file = scratch()
    const subjects = new Set<string>()
    const keys = new Set<string>()
    for (const [kind, unit] of [
      ['kubernetes', 'kubernetes'],
      ['etcd', 'etcd'],
      ['front_proxy', 'front-proxy'],
    ] as const) {
      const ca = new X509Certificate(pki[kind].certificate)
      expect(ca.subject).toBe(ca.issuer)
      expect(ca.subjectName.getField('CN')).toEqual(['prod, "east"'])
      expect(ca.subjectName.getField('OU')).toEqual([unit])
      expect(ca.getExtension(BasicConstraintsExtension)).toMatchObject({ ca: true, pathLength: 0 })
      const usages = ca.getExtension(KeyUsagesExtension)?.usages ?? 0
      expect(usages & KeyUsageFlags.keyCertSign).toBeTruthy()
      expect(await ca.verify({ date: NOW })).toBe(true)
      // openssl accepts the CA as its own trust anchor, and the key is the certificate's.
      const caFile = file(`${kind}.pem`, pki[kind].certificate)
      expect(
        openssl('verify', '-attime', String(NOW.getTime() / 1000), '-CAfile', caFile, caFile)
      ).toContain('OK')
      const keyFile = file(`${kind}.key`, pki[kind].privateKey)
      expect(openssl('pkey', '-in', keyFile, '-pubout')).toBe(
        openssl('x509', '-in', caFile, '-noout', '-pubkey')
      )
      subjects.add(ca.subject)
      keys.add(pki[kind].privateKey)
    }
    expect(subjects.size).toBe(3)
    // As files hold PEM and openssl prints it: one block, a final newline, no carriage returns.
    for (const pem of [pki.kubernetes.certificate, pki.client.certificate]) {
      expect(pem).toMatch(
        /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/
      )
    }
    expect(pki.etcd.privateKey).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[^\r]+\n-----END PRIVATE KEY-----\n$/
    )
    expect(keys.size).toBe(3)

    const client = new X509Certificate(pki.client.certificate)
    expect(client.subjectName.getField('CN')).toEqual(['admin'])
    expect(client.subjectName.getField('O')).toEqual(['system:masters'])
    expect(client.issuer).toBe(new X509Certificate(pki.kubernetes.certificate).subject)
    const clientFile = file('client.pem', pki.client.certificate)
    const at = String(NOW.getTime() / 1000)
    const verify = (ca: string) =>
      openssl(
        'verify',
        '-attime',
        at,
        '-purpose',
        'sslclient',
        '-CAfile',
        file('anchor.pem', ca),
        clientFile
      )
    expect(verify(pki.kubernetes.certificate)).toContain('OK')
    // Signed by the kubernetes CA only: the etcd CA does not vouch for it.
    expect(() => verify(pki.etcd.certificate)).toThrow()
    expect(certText(pki.client.certificate)).toContain('CA:FALSE')
    expect(openssl('pkey', '-in', file('client.key', pki.client.privateKey), '-pubout')).toBe(
      openssl('x509', '-in', clientFile, '-noout', '-pubkey')
    )
  })

  it('uses P-256 keys, lives ten years, and gives the client five years', async () => {
    const pki = await new X509Authority().generate('c', NOW)
    expect(KEY_ALGORITHM).toBe('ECDSA-P256')
    expect(certText(pki.kubernetes.certificate)).toContain('NIST CURVE: P-256')
    const ca = new X509Certificate(pki.kubernetes.certificate)
    expect(ca.notAfter.getTime() - NOW.getTime()).toBe(3650 * DAY)
    expect(ca.notBefore.getTime()).toBeLessThan(NOW.getTime())
    const client = new X509Certificate(pki.client.certificate)
    expect(client.notAfter.getTime() - NOW.getTime()).toBe(1825 * DAY)
  })

  it('gives every certificate its own serial number', async () => {
    const a = await new X509Authority().generate('c', NOW)
    const b = await new X509Authority().generate('c', NOW)
    const serials = [a, b].flatMap((p) =>
      [p.kubernetes, p.etcd, p.front_proxy, p.client].map(
        (c) => new X509Certificate(c.certificate).serialNumber
      )
    )
    expect(new Set(serials).size).toBe(8)
  })
})

describe('lazyCertificateAuthority', () => {
  it('loads the authority on first use and then behaves as it', async () => {
    const lazy = lazyCertificateAuthority()
    expect(lazy.keyAlgorithm).toBe(KEY_ALGORITHM)
    const pki = await lazy.generate('lazy', NOW)
    expect(new X509Certificate(pki.etcd.certificate).subjectName.getField('OU')).toEqual(['etcd'])
    const csr = opensslCsr('/CN=lazy-user', [])
    const leaf = new X509Certificate(await lazy.sign(pki.kubernetes, csr, NOW))
    expect(leaf.issuer).toBe(new X509Certificate(pki.kubernetes.certificate).subject)
  })
})
