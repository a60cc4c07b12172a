import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  api,
  identity,
  keystoneToken,
  type RunningBerth,
  startBerth,
  type TestUser,
  testEnv,
} from '../support/berth'
import { cloudInventory } from '../support/cloud'
import { expectError } from './clusters-harness'
import { createCluster, createTemplate, deleteCluster, waitFor } from './lifecycle-support'

interface AppCred {
  id: string
  name: string
}

let berth: RunningBerth
let template: string
let demoProject: string
let demoUser: string
let altUser: string
let memberRole: string
let readerRole: string

const keystone = () => testEnv().authUrl

/** A token of `user` scoped to `project` (by name): alt working in demo's project, say. */
const tokenIn = async (user: TestUser, project: TestUser): Promise<string> =>
  (await keystoneToken(keystone(), user, project)).token

/** Berth's API as `token` (python-magnumclient's headers). */
const as =
  (token: string) =>
  (method: string, path: string, version = 'latest') =>
    fetch(`${berth.url}${path}`, {
      method,
      headers: { 'X-Auth-Token': token, 'OpenStack-API-Version': `container-infra ${version}` },
    })

const keystoneAs = async (method: string, path: string) => {
  const { token } = await identity('admin')
  return fetch(`${keystone()}${path}`, { method, headers: { 'X-Auth-Token': token } })
}

/** demo's application credentials for a cluster (the original and any re-minted one). */
const credentialsOf = async (userId: string, cluster: string): Promise<AppCred[]> => {
  const r = await keystoneAs('GET', `/users/${userId}/application_credentials`)
  const { application_credentials } = (await r.json()) as { application_credentials: AppCred[] }
  return application_credentials.filter((c) => c.name.startsWith(`berth-cluster-${cluster}`))
}

/** Heat's view of a stack, as demo sees it. */
const stackStatus = async (stackId: string): Promise<string> => {
  const { token } = await identity('demo')
  const cat = await fetch(`${keystone()}/auth/catalog`, { headers: { 'X-Auth-Token': token } })
  const { catalog } = (await cat.json()) as {
    catalog: { type: string; endpoints: { interface: string; url: string }[] }[]
  }
  const heat = catalog
    .find((e) => e.type === 'orchestration')
    ?.endpoints.find((e) => e.interface === 'public')?.url
  const r = await fetch(`${heat}/stacks/${stackId}`, {
    headers: { 'X-Auth-Token': token },
    redirect: 'follow',
  })
  return ((await r.json()) as { stack: { stack_status: string } }).stack.stack_status
}

const grant = (user: string, role: string, how: 'PUT' | 'DELETE') =>
  keystoneAs(how, `/projects/${demoProject}/users/${user}/roles/${role}`)

beforeAll(async () => {
  berth = await startBerth()
  const demo = await identity('demo')
  demoProject = demo.projectId
  demoUser = demo.userId
  altUser = (await identity('alt')).userId
  const roleId = async (name: string) => {
    const r = await keystoneAs('GET', `/roles?name=${name}`)
    return ((await r.json()) as { roles: { id: string }[] }).roles[0]?.id ?? ''
  }
  memberRole = await roleId('member')
  readerRole = await roleId('reader')
  template = await createTemplate('demo', {
    name: 'cred-k8s',
    coe: 'kubernetes',
    image_id: 'fedora-coreos',
    external_network_id: 'public',
    flavor_id: 'm1.small',
    master_flavor_id: 'm1.medium',
    network_driver: 'flannel',
    labels: { kube_tag: 'v1.28.9' },
  })
})
afterAll(async () => {
  await api('demo').delete(`/v1/clustertemplates/${template}`)
  await berth?.stop()
})

describe('Credential rotation (µ1.12) and deletes after the creator left', () => {
  it('re-mints the credential, pushes it to the stack, and only then revokes the old one', async () => {
    const uuid = await createCluster('demo', { name: 'rotated', cluster_template_id: template })
    await waitFor('demo', uuid, (c) => c.status === 'CREATE_COMPLETE')
    const [original] = await credentialsOf(demoUser, uuid)
    expect(original).toBeDefined()
    const created = await waitFor('demo', uuid, (c) => !!c.cluster_id)
    const stackId = created.cluster_id ?? ''
    expect(await stackStatus(stackId)).toBe('CREATE_COMPLETE')

    const demoToken = (await identity('demo')).token
    expectError(
      await (async () => {
        const r = await as(demoToken)('PATCH', `/v1/credentials/${uuid}`, '1.11')
        const text = await r.text()
        return { status: r.status, headers: r.headers, body: JSON.parse(text), text }
      })(),
      406,
      'Version 1.11 was requested but the requested API credential rotation is not supported for this version.'
    )
    const r = await api('demo').patch(`/v1/credentials/${uuid}`, undefined)
    expect(r.status, r.text).toBe(202)
    expect(r.body).toEqual({ uuid })
    // The old credential lives on while the stack is updated.
    expect((await credentialsOf(demoUser, uuid)).map((c) => c.id)).toContain(original?.id)
    const done = await waitFor('demo', uuid, (c) => c.status === 'UPDATE_COMPLETE')
    expect(done.status_reason ?? '').not.toMatch(/fail/i)
    // Heat updated the stack with the new credential's parameters.
    expect(await stackStatus(stackId)).toBe('UPDATE_COMPLETE')
    const now = await credentialsOf(demoUser, uuid)
    expect(now).toHaveLength(1)
    expect(now[0]?.id).not.toBe(original?.id)
    // The cluster works on the new credential: it can still be resized and deleted.
    const resize = await api('demo').post(`/v1/clusters/${uuid}/actions/resize`, { node_count: 2 })
    expect(resize.status, resize.text).toBe(202)
    await waitFor('demo', uuid, (c) => c.status === 'UPDATE_COMPLETE' && c.node_count === 2)
    await deleteCluster('demo', uuid)
    expect(await credentialsOf(demoUser, uuid)).toEqual([])
  })

  it('refuses other projects, readers and busy clusters', async () => {
    const uuid = await createCluster('demo', { name: 'guarded', cluster_template_id: template })
    expectError(
      await api('demo').patch(`/v1/credentials/${uuid}`, undefined),
      400,
      `Rotating the credential of a cluster when status is "CREATE_IN_PROGRESS" is not supported.`
    )
    await waitFor('demo', uuid, (c) => c.status === 'CREATE_COMPLETE')
    expect((await api('alt').patch(`/v1/credentials/${uuid}`, undefined)).status).toBe(404)
    expect((await api('admin').patch(`/v1/credentials/${uuid}`, undefined)).status).toBe(403)
    // A reader of the project may look but not rotate (credential:rotate wants a member).
    expect((await grant(altUser, readerRole, 'PUT')).status).toBe(204)
    try {
      const reader = await tokenIn('alt', 'demo')
      expect((await as(reader)('GET', `/v1/clusters/${uuid}`)).status).toBe(200)
      const refused = await as(reader)('PATCH', `/v1/credentials/${uuid}`)
      expect(refused.status).toBe(403)
      expect(await refused.text()).toContain(
        "Policy doesn't allow credential:rotate to be performed."
      )
    } finally {
      await grant(altUser, readerRole, 'DELETE')
    }
    await deleteCluster('demo', uuid)
  })

  it('deletes a cluster whose creator left the project, as another member', async () => {
    const before = await cloudInventory('demo')
    const uuid = await createCluster('demo', { name: 'orphaned', cluster_template_id: template })
    await waitFor('demo', uuid, (c) => c.status === 'CREATE_COMPLETE')
    expect((await grant(altUser, memberRole, 'PUT')).status).toBe(204)
    try {
      const teammate = await tokenIn('alt', 'demo')
      // demo leaves: Keystone removes demo's application credentials on the project with it.
      expect((await grant(demoUser, memberRole, 'DELETE')).status).toBe(204)
      expect(await credentialsOf(demoUser, uuid)).toEqual([])

      // An admin of another project cannot mint a credential here: the delete fails, told why.
      expect((await api('admin').delete(`/v1/clusters/${uuid}`)).status).toBe(204)
      const failed = await waitFor('admin', uuid, (c) => c.status === 'DELETE_FAILED')
      expect(failed.status_reason).toBeTruthy()

      // A remaining member can: the delete runs on a credential minted for them.
      const del = await as(teammate)('DELETE', `/v1/clusters/${uuid}`)
      expect(del.status).toBe(204)
      const deadline = Date.now() + 30_000
      let status = 200
      while (Date.now() < deadline && status !== 404) {
        status = (await as(teammate)('GET', `/v1/clusters/${uuid}`)).status
        await new Promise((r) => setTimeout(r, 50))
      }
      expect(status).toBe(404)
      expect(await credentialsOf(altUser, uuid)).toEqual([])
    } finally {
      await grant(demoUser, memberRole, 'PUT')
      await grant(altUser, memberRole, 'DELETE')
    }
    expect(await cloudInventory('demo')).toEqual(before)
  })
})
