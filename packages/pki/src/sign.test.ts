import type { ClusterPki } from '@berth/core/ports/pki'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { X509Authority } from './certificate-authority'
import { CsrError } from './errors'
import { ALLOWED_KEY_USAGES, signCsr } from './sign'
import { certText, csrWith, EC_P256, openssl, opensslCsr, scratch } from './test-support'
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
} from './x509'

const NOW = new Date('2026-03-01T12:00:00Z')
const DAY = 86_400_000
let pki: ClusterPki

beforeAll(async () => {
  pki = await new X509Authority().generate('cluster-a', NOW)
})

const at = (d: Date) => String(Math.floor(d.getTime() / 1000))

describe('signCsr', () => {
  it('keeps the subject, allowed usages and names of an openssl CSR, and drops the rest', async () => {
    const csr = opensslCsr('/CN=system:node:n1/O=system:nodes', [
      'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign,cRLSign',
      'extendedKeyUsage=serverAuth,clientAuth',
      'subjectAltName=IP:10.0.0.5,DNS:n1',
      'basicConstraints=critical,CA:TRUE',
      'nsComment=please make me a CA',
    ])
    const pem = await signCsr(pki.kubernetes, csr, NOW)
    const cert = new X509Certificate(pem)
    expect(cert.subject).toBe('CN=system:node:n1, O=system:nodes')
    expect(cert.issuer).toBe(new X509Certificate(pki.kubernetes.certificate).subject)
    expect(cert.getExtension(BasicConstraintsExtension)?.ca).toBe(false)
    expect(cert.getExtension(KeyUsagesExtension)).toMatchObject({
      critical: true,
      usages: KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment,
    })
    expect(cert.getExtension(ExtendedKeyUsageExtension)?.usages).toEqual([
      ExtendedKeyUsage.serverAuth,
      ExtendedKeyUsage.clientAuth,
    ])
    const text = certText(pem)
    expect(text).toMatch(/IP Address:10\.0\.0\.5, DNS:n1/)
    expect(text).not.toContain('please make me a CA')
    expect(text).toContain('X509v3 Authority Key Identifier')
    expect(cert.notAfter.getTime() - NOW.getTime()).toBe(1825 * DAY)

    const file = scratch()
    const ca = file('ca.pem', pki.kubernetes.certificate)
    const leaf = file('leaf.pem', pem)
    for (const purpose of ['sslserver', 'sslclient']) {
      expect(
        openssl('verify', '-attime', at(NOW), '-purpose', purpose, '-CAfile', ca, leaf)
      ).toContain('OK')
    }
    // The leaf cannot act as a CA: a certificate it "signs" does not verify.
    expect(() =>
      openssl(
        'verify',
        '-attime',
        at(NOW),
        '-CAfile',
        ca,
        '-untrusted',
        leaf,
        file('ca2.pem', pki.etcd.certificate)
      )
    ).toThrow()
  })

  it('signs with the CA it is given (etcd CSRs validate against the etcd CA only)', async () => {
    const pem = await signCsr(
      pki.etcd,
      opensslCsr('/CN=etcd-client', ['extendedKeyUsage=clientAuth']),
      NOW
    )
    const file = scratch()
    const leaf = file('leaf.pem', pem)
    expect(
      openssl('verify', '-attime', at(NOW), '-CAfile', file('e.pem', pki.etcd.certificate), leaf)
    ).toContain('OK')
    expect(() =>
      openssl(
        'verify',
        '-attime',
        at(NOW),
        '-CAfile',
        file('k.pem', pki.kubernetes.certificate),
        leaf
      )
    ).toThrow()
  })

  it('signs the CSR python-magnumclient makes (no extensions, RSA 2048) and an EC one', async () => {
    const plain = new X509Certificate(
      await signCsr(pki.kubernetes, opensslCsr('/CN=admin/O=system:masters', []), NOW)
    )
    expect(plain.subject).toBe('CN=admin, O=system:masters')
    expect(plain.getExtension(KeyUsagesExtension)).toBeNull()
    expect(plain.getExtension(BasicConstraintsExtension)?.ca).toBe(false)
    const ec = new X509Certificate(
      await signCsr(pki.kubernetes, opensslCsr('/CN=ec', [], EC_P256), NOW)
    )
    expect(ec.subject).toBe('CN=ec')
    const inProcess = await signCsr(pki.kubernetes, await csrWith([{ CN: ['ec-user'] }], []), NOW)
    expect(new X509Certificate(inProcess).subject).toBe('CN=ec-user')
  })

  it('caps validity at the CA expiry and refuses once the CA expired', async () => {
    const late = new Date(NOW.getTime() + 3000 * DAY)
    const cert = new X509Certificate(
      await signCsr(pki.kubernetes, opensslCsr('/CN=late', []), late)
    )
    expect(cert.notAfter.getTime()).toBe(
      new X509Certificate(pki.kubernetes.certificate).notAfter.getTime()
    )
    const expired = new Date(NOW.getTime() + 3651 * DAY)
    await expect(signCsr(pki.kubernetes, opensslCsr('/CN=x', []), expired)).rejects.toThrow(
      /expired/
    )
  })

  it('refuses what is not a CSR, a forged signature and a weak key, as 400s', async () => {
    await expect(signCsr(pki.kubernetes, 'hello', NOW)).rejects.toBeInstanceOf(CsrError)
    const csr = opensslCsr('/CN=forged', [])
    const body = csr.replace(/-----[A-Z ]+-----|\s+/g, '')
    const der = Buffer.from(body, 'base64')
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff
    const forged = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`
    await expect(signCsr(pki.kubernetes, forged, NOW)).rejects.toThrow(/signature/)
    const weak = opensslCsr('/CN=weak', [], ['-newkey', 'rsa:1024'])
    await expect(signCsr(pki.kubernetes, weak, NOW)).rejects.toThrow(/1024 bits/)
    await expect(signCsr(pki.kubernetes, weak, NOW)).rejects.toMatchObject({ kind: 'invalid' })
  })

  it('property: whatever a CSR asks, the certificate is no CA and its key usages are allowed ones', async () => {
    const flags = Object.values(KeyUsageFlags).filter((v): v is number => typeof v === 'number')
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(flags),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        fc.subarray(Object.values(ExtendedKeyUsage)),
        async (usages, critical, askCa, pathLength, ekus) => {
          const asked = usages.reduce((a, b) => a | b, 0)
          const extensions = [
            new BasicConstraintsExtension(askCa, askCa ? pathLength : undefined, true),
            ...(asked ? [new KeyUsagesExtension(asked, critical)] : []),
            ...(ekus.length ? [new ExtendedKeyUsageExtension(ekus)] : []),
            new SubjectAlternativeNameExtension([{ type: 'dns', value: 'x.example' }]),
          ]
          const cert = new X509Certificate(
            await signCsr(pki.kubernetes, await csrWith([{ CN: ['p'] }], extensions), NOW)
          )
          expect(cert.getExtension(BasicConstraintsExtension)?.ca).toBe(false)
          const granted = cert.getExtension(KeyUsagesExtension)?.usages ?? 0
          expect(granted & ~ALLOWED_KEY_USAGES).toBe(0)
          expect(granted).toBe(asked & ALLOWED_KEY_USAGES)
          expect(cert.getExtension(ExtendedKeyUsageExtension)?.usages ?? []).toEqual(ekus)
          expect(
            await cert.verify({
              publicKey: new X509Certificate(pki.kubernetes.certificate),
              date: NOW,
            })
          ).toBe(true)
        }
      ),
      { numRuns: 40 }
    )
  })
})
