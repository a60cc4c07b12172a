import { execFileSync } from 'node:child_process'
import type { ClusterPki } from '@berth/core/ports/pki'
import { X509Authority } from '@berth/pki'
import { beforeAll, describe, expect, it } from 'vitest'
import { k8sFedoraCoreosDriver } from '../k8s-fedora-coreos/driver'
import { contextFixture } from '../testing/fixtures'
import { caCertHash } from './cas'
import { k8sUbuntuKubeadmDriver } from './driver'

let pki: ClusterPki
beforeAll(async () => {
  pki = await new X509Authority().generate('kubeadm', new Date())
})

const sealed = (pem: string) => ({ certificate: pem, sealed_key: 'sealed' })
const ctxWith = (withKeys: boolean, extra: Parameters<typeof contextFixture>[0] = {}) => {
  const base = contextFixture({
    ...extra,
    template: { cluster_distro: 'ubuntu', ...extra.template },
    cluster: {
      ...extra.cluster,
      certificates: {
        kubernetes: sealed(pki.kubernetes.certificate),
        etcd: sealed(pki.etcd.certificate),
        front_proxy: sealed(pki.front_proxy.certificate),
        client: sealed(pki.client.certificate),
        key_algorithm: 'ECDSA-P256',
        generated_at: '2026-01-01T00:00:00Z',
        operation_id: 'op',
      },
    },
  })
  const { client: _, ...cas } = pki
  return withKeys ? { ...base, cas } : base
}

const b64 = (pem: string) => Buffer.from(pem).toString('base64')

describe("kubeadm with Berth's CAs", () => {
  it('asks for the CA keys, which no other Kubernetes driver does', () => {
    expect(k8sUbuntuKubeadmDriver.caKeys).toBe(true)
    expect(k8sFedoraCoreosDriver.caKeys).toBeUndefined()
  })

  it("hands the cluster stack's masters the three CAs, hidden, and every node the CA pin", () => {
    const spec = k8sUbuntuKubeadmDriver.clusterStack(ctxWith(true))
    expect(spec.parameters).toMatchObject({
      k8s_ca_crt: b64(pki.kubernetes.certificate),
      k8s_ca_key: b64(pki.kubernetes.privateKey),
      etcd_ca_crt: b64(pki.etcd.certificate),
      etcd_ca_key: b64(pki.etcd.privateKey),
      front_proxy_ca_crt: b64(pki.front_proxy.certificate),
      front_proxy_ca_key: b64(pki.front_proxy.privateKey),
    })
    const declared = spec.template.parameters as Record<string, { hidden?: boolean }>
    for (const name of ['k8s_ca_key', 'etcd_ca_key', 'front_proxy_ca_key']) {
      expect(declared[name]?.hidden).toBe(true)
    }
    const master = JSON.parse(spec.files['master.yaml'] ?? '{}') as { parameters: object }
    const worker = JSON.parse(spec.files['worker.yaml'] ?? '{}') as { parameters: object }
    expect(master.parameters).toHaveProperty('k8s_ca_key')
    expect(worker.parameters).not.toHaveProperty('k8s_ca_key')
    expect(worker.parameters).toHaveProperty('k8s_ca_hash')
  })

  it("pins the CA as kubeadm's --discovery-token-ca-cert-hash does", () => {
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], {
      input: execFileSync('openssl', ['x509', '-noout', '-pubkey'], {
        input: pki.kubernetes.certificate,
      }),
    })
    const sha = execFileSync('sha256sum', [], { input: der, encoding: 'utf8' }).split(' ')[0]
    expect(caCertHash(pki.kubernetes.certificate)).toBe(`sha256:${sha}`)
    const spec = k8sUbuntuKubeadmDriver.clusterStack(ctxWith(false))
    expect(spec.parameters.k8s_ca_hash).toBe(`sha256:${sha}`)
  })

  it('keeps the keys out of nodegroup stacks and out of stacks rendered without them', () => {
    const joined = ctxWith(true, { cluster: { api_address: 'https://172.24.4.10:6443' } })
    const extra = {
      ...joined.nodegroups[1]!,
      uuid: 'b3e1c6a2-1f0e-4b5c-9a8d-7e6f5a4b3c2d',
      name: 'ng2',
      is_default: false,
    }
    const ng = k8sUbuntuKubeadmDriver.nodeGroupStack(
      { ...joined, nodegroups: [...joined.nodegroups, extra] },
      extra
    )
    expect(ng.parameters.k8s_ca_key).toBe('')
    expect(ng.parameters.k8s_ca_hash).toMatch(/^sha256:[0-9a-f]{64}$/)
    const bare = k8sUbuntuKubeadmDriver.clusterStack(ctxWith(false))
    expect(bare.parameters.k8s_ca_key).toBe('')
    const none = k8sUbuntuKubeadmDriver.clusterStack(
      contextFixture({ template: { cluster_distro: 'ubuntu' } })
    )
    expect(none.parameters).toMatchObject({ k8s_ca_key: '', k8s_ca_hash: '' })
  })
})
