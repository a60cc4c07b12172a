import { type RunningDevCloud, startDevCloud } from '@berth/devcloud'
import { describe, expect, it } from 'vitest'
import { type ContractCloud, describeClusterCloudContract } from './contract/cluster-cloud'
import { describeIdentityContract } from './contract/identity'
import { describeResourcesContract } from './contract/resources'
import { describeServersContract } from './contract/servers'
import { HttpClient } from './http'
import { KeystoneClient } from './keystone'
import type { PasswordCredentials } from './keystone-schemas'
import { ServiceAccount } from './service-account'

/**
 * The contract against the development cloud, with the same assertions as against the real
 * lab (contract-lab.test.ts). It runs once the development cloud lists Heat in its catalog.
 */
const login = (name: string, project = name): PasswordCredentials => ({
  method: 'password',
  user: { name, domain: { id: 'default' } },
  password: name,
  project: { name: project, domain: { id: 'default' } },
})

const catalogTypes = async (): Promise<string[]> => {
  const cloud = await startDevCloud({ port: 0 })
  try {
    const keystone = new KeystoneClient({ authUrl: cloud.authUrl })
    const { body } = await keystone.authenticate(login('demo'))
    return (body.catalog ?? []).map((e) => e.type)
  } finally {
    await cloud.close()
  }
}

const types = await catalogTypes()
const hasHeat = types.includes('orchestration')

describe('the development cloud', () => {
  it('lists the services the lifecycle needs in its catalog', () => {
    expect(types).toEqual(expect.arrayContaining(['identity', 'network']))
  })
})

/** A development cloud of its own for each suite, seeded as Berth's local runs see it. */
const openDevCloud = async (): Promise<ContractCloud> => {
  const cloud: RunningDevCloud = await startDevCloud({ port: 0 })
  const http = new HttpClient({ retries: 0 })
  const keystone = new KeystoneClient({ authUrl: cloud.authUrl, http })
  return {
    keystone,
    http,
    member: login('demo'),
    other: login('alt'),
    seed: {
      image: 'fedora-coreos',
      imageDistro: 'fedora-coreos',
      flavor: 'm1.small',
      keypair: 'demo-key',
      externalNetwork: 'public',
    },
    serviceAccount: new ServiceAccount(keystone, { credentials: login('berth', 'service') }),
    settleMs: 20_000,
    withoutComputeHosts: () => {
      const fault = cloud.faults.noValidHost()
      return () => cloud.faults.remove(fault.id)
    },
    close: () => cloud.close(),
  }
}

describe.runIf(hasHeat)('the development cloud with Heat', () => {
  describeIdentityContract('development cloud', openDevCloud)
  describeResourcesContract('development cloud', openDevCloud)
  describeServersContract('development cloud', openDevCloud)
  describeClusterCloudContract('development cloud', openDevCloud)
  // The lab's Keystone refuses trusts to application-credential tokens, so Berth reaches its
  // Heat through a trust: the same path, against the development cloud.
  describeClusterCloudContract('development cloud, Heat through a trust', async () => ({
    ...(await openDevCloud()),
    heatWith: 'trust',
  }))
})
