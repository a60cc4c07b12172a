import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { ClusterAggregate } from '@berth/core/clusters'
import { X509Authority } from '@berth/pki'
import { crypto, generateKeyPair, importSigningKey, privateKeyPem } from '@berth/pki/keys'
import {
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@berth/pki/x509'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKubernetesProbe } from './kubernetes-probe'

// A Kubernetes API server over mutual TLS, as a real cluster's is: its serving certificate and
// the clients it accepts both come from the cluster's Kubernetes CA.
let server: Server
let url: string
let pki: Awaited<ReturnType<X509Authority['generate']>>
let otherClient: { certificate: string; privateKey: string }
const seen: (string | undefined)[] = []

const servingCertificate = async () => {
  const keys = await generateKeyPair()
  const ca = new X509Certificate(pki.kubernetes.certificate)
  const cert = await X509CertificateGenerator.create(
    {
      serialNumber: '01',
      subject: 'CN=kube-apiserver',
      issuer: ca.subject,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3_600_000),
      publicKey: keys.publicKey,
      signingKey: await importSigningKey(pki.kubernetes.privateKey),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [
        new BasicConstraintsExtension(false),
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
        new SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
      ],
    },
    crypto
  )
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) }
}

beforeAll(async () => {
  const authority = new X509Authority()
  pki = await authority.generate('k1', new Date())
  otherClient = (await authority.generate('k2', new Date())).client
  server = createServer(
    { ...(await servingCertificate()), ca: pki.kubernetes.certificate, requestCert: true },
    (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate()
      seen.push(String(peer.subject?.CN))
      if (req.url === '/healthz') res.writeHead(200).end('ok')
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"items":[]}')
    }
  )
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const cluster = { cluster: { name: 'k1', api_address: '' }, nodegroups: [] }
const aggregate = () =>
  ({ ...cluster, cluster: { ...cluster.cluster, api_address: url } }) as unknown as ClusterAggregate

describe('Function: createKubernetesProbe over TLS', () => {
  it("is HEALTHY when it trusts the cluster's CA and presents the admin client", async () => {
    const probe = createKubernetesProbe({
      timeoutMs: 2000,
      tlsFor: async () => ({
        ca: pki.kubernetes.certificate,
        cert: pki.client.certificate,
        key: pki.client.privateKey,
      }),
    })
    expect(await probe.probe(aggregate(), 'kubernetes')).toEqual({
      status: 'HEALTHY',
      reason: { api: 'ok' },
    })
    expect(seen.at(-1)).toBe('admin')
  })

  it('is UNKNOWN when the API refuses, at the handshake, a client from another cluster', async () => {
    const before = seen.length
    const probe = createKubernetesProbe({
      timeoutMs: 2000,
      tlsFor: async () => ({
        ca: pki.kubernetes.certificate,
        cert: otherClient.certificate,
        key: otherClient.privateKey,
      }),
    })
    const report = await probe.probe(aggregate(), 'kubernetes')
    // kube-apiserver verifies a client certificate when one is given: no request gets through.
    expect(report?.status).toBe('UNKNOWN')
    expect(seen.length).toBe(before)
  })

  it('is UNKNOWN when the server is not signed by the CA it was given', async () => {
    const probe = createKubernetesProbe({
      timeoutMs: 2000,
      tlsFor: async () => ({
        ca: otherClient.certificate,
        cert: pki.client.certificate,
        key: pki.client.privateKey,
      }),
    })
    const report = await probe.probe(aggregate(), 'kubernetes')
    expect(report?.status).toBe('UNKNOWN')
    expect(report?.reason.api).toMatch(/not accessible: .*certificate/i)
  })
})
