import { describe, expect, it } from 'vitest'
import type { ClusterAggregate } from '../clusters/model'
import type { SecretBox } from '../ports/secrets'
import { clusterClientTls } from './client-tls'

/** Opens only what was sealed for the same context, as the real boxes do (AAD). */
const box: SecretBox = {
  seal: async (p, ctx) => `${JSON.stringify(ctx)}|${p}`,
  open: async (s, ctx) => {
    const [bound, plain] = s.split('|')
    if (bound !== JSON.stringify(ctx)) throw new Error(`sealed for ${bound}`)
    return plain ?? ''
  },
}

const sealed = async (uuid: string, role: string, key: string) => ({
  certificate: `CERT ${role}`,
  sealed_key: await box.seal(key, { cluster: uuid, certificate: role }),
})

const aggregate = async (uuid: string, withCerts: boolean) =>
  ({
    cluster: {
      uuid,
      certificates: withCerts
        ? {
            kubernetes: await sealed(uuid, 'kubernetes', 'KEY kubernetes'),
            etcd: await sealed(uuid, 'etcd', 'KEY etcd'),
            front_proxy: await sealed(uuid, 'front_proxy', 'KEY front_proxy'),
            client: await sealed(uuid, 'client', 'KEY client'),
            key_algorithm: 'ECDSA-P256',
            generated_at: '2026-11-22T00:00:00+00:00',
            operation_id: 'op-1',
          }
        : null,
    },
    nodegroups: [],
  }) as unknown as ClusterAggregate

describe('Function: clusterClientTls', () => {
  it("trusts the cluster's Kubernetes CA and presents Berth's client with its key opened", async () => {
    expect(await clusterClientTls(box)(await aggregate('c-1', true))).toEqual({
      ca: 'CERT kubernetes',
      cert: 'CERT client',
      key: 'KEY client',
    })
  })

  it("opens the key only as this cluster's client key", async () => {
    const theirs = await aggregate('c-2', true)
    const mine = await aggregate('c-1', true)
    if (!mine.cluster.certificates || !theirs.cluster.certificates) throw new Error('no certs')
    // Another cluster's sealed key pasted onto this one does not open.
    mine.cluster.certificates.client.sealed_key = theirs.cluster.certificates.client.sealed_key
    await expect(clusterClientTls(box)(mine)).rejects.toThrow(/sealed for/)
  })

  it('has nothing for a cluster without certificates', async () => {
    expect(await clusterClientTls(box)(await aggregate('c-3', false))).toBeUndefined()
  })
})
