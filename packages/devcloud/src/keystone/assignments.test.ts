import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

const DEMO_PROJECT = seedIds.project('demo')
const ALT = seedIds.user('alt')
const DEMO = seedIds.user('demo')
const MEMBER = seedIds.role('member')
const grant = (user: string, role = MEMBER) =>
  `/v3/projects/${DEMO_PROJECT}/users/${user}/roles/${role}`

describe('role grants', () => {
  it('grants, checks, lists and revokes a project role (admin only)', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    const demo = await t.tokenFor('demo')
    expect((await t.request(grant(ALT), { method: 'HEAD', token: admin })).status).toBe(404)
    expect((await t.request(grant(ALT), { method: 'PUT', token: demo })).status).toBe(403)
    expect((await t.request(grant(ALT), { method: 'PUT', token: admin })).status).toBe(204)
    expect((await t.request(grant(ALT), { method: 'PUT', token: admin })).status).toBe(204)
    expect((await t.request(grant(ALT), { method: 'HEAD', token: admin })).status).toBe(204)
    const listed = await t.request(`/v3/projects/${DEMO_PROJECT}/users/${ALT}/roles`, {
      token: admin,
    })
    expect(
      ((await listed.json()) as { roles: { name: string }[] }).roles.map((r) => r.name)
    ).toEqual(['member'])
    // alt may now work in demo's project.
    await t.tokenFor('alt', 'demo')
    expect((await t.request(grant(ALT), { method: 'DELETE', token: admin })).status).toBe(204)
    expect((await t.request(grant(ALT), { method: 'DELETE', token: admin })).status).toBe(404)
    await expect(t.tokenFor('alt', 'demo')).rejects.toThrow(/401/)
    expect((await t.request(grant('nobody'), { method: 'PUT', token: admin })).status).toBe(404)
  })

  it('removes the user’s application credentials on the project with the grant, as Keystone does', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    const demo = await t.tokenFor('demo')
    const made = await t.request(`/v3/users/${DEMO}/application_credentials`, {
      method: 'POST',
      token: demo,
      json: { application_credential: { name: 'cluster' } },
    })
    const cred = ((await made.json()) as { application_credential: { id: string; secret: string } })
      .application_credential
    const appCredAuth = {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: cred.id, secret: cred.secret },
        },
      },
    }
    const appToken = await t.issue(appCredAuth)
    expect((await t.request(grant(DEMO), { method: 'DELETE', token: admin })).status).toBe(204)
    await expect(t.issue(appCredAuth)).rejects.toThrow(/401/)
    const check = await t.request('/v3/auth/tokens', {
      token: admin,
      headers: { 'X-Subject-Token': appToken },
    })
    expect(check.status).toBe(404)
  })
})
