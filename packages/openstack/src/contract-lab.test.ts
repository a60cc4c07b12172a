import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { OpenStackClusterCloudFactory } from './cluster-cloud'
import { type ContractCloud, describeClusterCloudContract } from './contract/cluster-cloud'
import { describeIdentityContract } from './contract/identity'
import { describeResourcesContract } from './contract/resources'
import { describeServersContract } from './contract/servers'
import { groupTemplate, NODE_TEMPLATE } from './contract/templates'
import { KeystoneCredentialIssuer } from './credential-issuer'
import { HttpClient } from './http'
import { KeystoneClient } from './keystone'
import type { PasswordCredentials } from './keystone-schemas'
import { ServiceAccount } from './service-account'

/**
 * The contract against the real OpenStack lab (shared/openstack-lab: Keystone, Heat 19,
 * Neutron; no Octavia, no compute). Runs only with BERTH_LAB=1 and the lab up.
 *
 * The lab's Keystone (22.0.2 with the fix for LP#2150089) refuses trust operations to every
 * application-credential token unless [security_compliance]
 * allow_insecure_application_credential_trust_escalation is set, and Heat creates a trust
 * for each stack: so the workflows reach Heat through the cluster's trust here
 * (BERTH_LAB_HEAT_WITH=credential for a lab with that option on).
 */
const LAB = process.env.BERTH_LAB === '1'
const AUTH_URL = process.env.BERTH_LAB_AUTH_URL ?? 'http://127.0.0.1:5000/v3'
const HEAT_WITH = process.env.BERTH_LAB_HEAT_WITH === 'credential' ? 'credential' : 'trust'

const login = (name: string): PasswordCredentials => ({
  method: 'password',
  user: { name, domain: { id: 'default' } },
  password: name,
  project: { name, domain: { id: 'default' } },
})

describe.runIf(LAB)('the OpenStack lab', () => {
  const http = new HttpClient({ timeoutMs: 30_000 })
  const keystone = new KeystoneClient({ authUrl: AUTH_URL, http })
  const serviceAccount = new ServiceAccount(keystone, { credentials: login('admin') })

  const openLab = async (): Promise<ContractCloud> => ({
    keystone,
    http,
    member: login('demo'),
    other: login('alt'),
    seed: {
      image: 'fedora-coreos-lab',
      imageDistro: 'fedora-coreos',
      flavor: 'm1.tiny',
      keypair: 'demo-key',
      externalNetwork: 'public',
    },
    serviceAccount,
    settleMs: 90_000,
    heatWith: HEAT_WITH,
  })

  describeIdentityContract('OpenStack lab', openLab)
  describeResourcesContract('OpenStack lab', openLab)
  describeServersContract('OpenStack lab', openLab)
  describeClusterCloudContract('OpenStack lab', openLab)

  it.runIf(HEAT_WITH === 'trust')(
    'refuses stacks to application-credential tokens (why the contract goes through a trust)',
    async () => {
      // Prepare
      const issuer = new KeystoneCredentialIssuer({ keystone, serviceAccount })
      const { token } = await keystone.authenticate(login('demo'))
      const cred = await issuer.issue(token, `berth-lab-refusal-${randomUUID().slice(0, 8)}`, 'x')
      try {
        const cloud = await new OpenStackClusterCloudFactory({ keystone, http }).open({
          applicationCredentialId: cred.id,
          applicationCredentialSecret: cred.secret,
        })

        // Act
        const refused = await cloud.stacks
          .create({
            name: `berth-lab-refusal-${randomUUID().slice(0, 8)}`,
            template: groupTemplate(),
            files: { 'node.yaml': NODE_TEMPLATE },
            environment: {},
            parameters: { greeting: 'x' },
            timeoutMins: 5,
            disableRollback: true,
            tags: [],
          })
          .then(
            () => undefined,
            (e: Error) => e
          )

        // Assess: Heat hides Keystone's 403 behind a 500 without a message.
        expect(refused?.name).toBe('OpenStack.Transient')
      } finally {
        await issuer.revoke(cred.userId, cred.id)
      }
    },
    60_000
  )
})
