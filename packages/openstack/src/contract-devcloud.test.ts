import { type RunningDevCloud, startDevCloud } from '@berth/devcloud'
import { describe, expect, it } from 'vitest'
import { describeClusterCloudContract } from './contract/cluster-cloud'
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

describe.runIf(hasHeat)('the development cloud with Heat', () => {
  describeClusterCloudContract('development cloud', async () => {
    const cloud: RunningDevCloud = await startDevCloud({ port: 0 })
    const http = new HttpClient({ retries: 0 })
    const keystone = new KeystoneClient({ authUrl: cloud.authUrl, http })
    return {
      keystone,
      http,
      member: login('demo'),
      serviceAccount: new ServiceAccount(keystone, { credentials: login('berth', 'service') }),
      settleMs: 20_000,
      close: () => cloud.close(),
    }
  })
})
