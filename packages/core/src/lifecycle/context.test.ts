import { describe, expect, it } from 'vitest'
import { issueCertificates } from '../certificates/issue'
import { createFrom, withTemplate } from '../clusters/test-support'
import type { CertificateAuthority } from '../ports/pki'
import { openStep } from './context'

const unused = () => Promise.reject(new Error('not used by openStep'))

const pki: CertificateAuthority = {
  keyAlgorithm: 'TEST',
  generate: async () => {
    const pair = (what: string) => ({ certificate: `CERT ${what}`, privateKey: `KEY ${what}` })
    return {
      kubernetes: pair('kubernetes'),
      etcd: pair('etcd'),
      front_proxy: pair('front_proxy'),
      client: pair('client'),
    }
  },
  sign: unused,
}

/** A cluster with its certificates, opened for a driver that does or does not want CA keys. */
const opened = async (caKeys: boolean) => {
  const { f, t } = withTemplate()
  const a = await createFrom(f.deps, t, { name: 'k1' })
  const deps = { ...f.deps, pki, now: () => new Date('2026-01-01T00:00:00Z') }
  const certificates = await issueCertificates(deps, a.cluster, 'op-1')
  const cluster = { ...a.cluster, certificates }
  const step = await openStep(
    {
      clusters: f.clusters,
      templates: f.deps.templates,
      drivers: { find: () => ({ name: 'k8s', provides: [], caKeys }) },
      clouds: {
        open: async () => ({
          stacks: {
            create: unused,
            get: unused,
            update: unused,
            delete: unused,
            failedResources: unused,
            pendingResources: unused,
          },
          floatingIps: { listForCluster: unused, delete: unused },
          authUrl: 'http://keystone/v3',
          region: undefined,
        }),
      },
      secrets: f.deps.secrets,
      settings: { apiUrl: 'http://berth/v1', maxPollSeconds: 30 },
    },
    { ...a, cluster }
  )
  return { step, certificates }
}

describe('Function: openStep', () => {
  it('unseals the CA keys and the join secret for a driver whose nodes need them', async () => {
    const { step } = await opened(true)
    expect(step.render.cas?.kubernetes.privateKey).toBe('KEY kubernetes')
    expect(step.render.joinSecret).toMatch(/^[0-9a-f]{64}$/)
  })

  it('leaves both sealed for any other driver', async () => {
    const { step } = await opened(false)
    expect(step.render.cas).toBeUndefined()
    expect(step.render.joinSecret).toBeUndefined()
  })
})
