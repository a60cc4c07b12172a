import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

interface Named {
  id: string
  name: string
}

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T

describe('Keystone identity API', () => {
  it('lists all projects for admin (filterable by name) and forbids it to members', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    const all = await json<{ projects: Named[] }>(await t.request('/v3/projects', { token: admin }))
    expect(all.projects.map((p) => p.name).sort()).toEqual(['admin', 'alt', 'demo', 'service'])
    const demoOnly = await json<{
      projects: (Named & { domain_id: string; links: { self: string } })[]
    }>(await t.request('/v3/projects?name=demo', { token: admin }))
    expect(demoOnly.projects).toHaveLength(1)
    expect(demoOnly.projects[0]).toMatchObject({
      id: seedIds.project('demo'),
      domain_id: 'default',
      links: { self: `http://127.0.0.1:5000/v3/projects/${seedIds.project('demo')}` },
    })
    const denied = await t.request('/v3/projects', { token: await t.tokenFor('demo') })
    expect(denied.status).toBe(403)
    expect(await denied.json()).toEqual({
      error: {
        code: 403,
        title: 'Forbidden',
        message: 'You are not authorized to perform the requested action: identity:list_projects.',
      },
    })
  })

  it('shows a member their own project but not another', async () => {
    const t = testCloud()
    const demo = await t.tokenFor('demo')
    expect(
      (await t.request(`/v3/projects/${seedIds.project('demo')}`, { token: demo })).status
    ).toBe(200)
    expect(
      (await t.request(`/v3/projects/${seedIds.project('alt')}`, { token: demo })).status
    ).toBe(403)
    const missing = await t.request('/v3/projects/nope', { token: await t.tokenFor('admin') })
    expect(missing.status).toBe(404)
  })

  it('lists users for admin, and lets a user read themselves and their projects', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    const users = await json<{ users: Named[] }>(
      await t.request('/v3/users?name=berth', { token: admin })
    )
    expect(users.users.map((u) => u.id)).toEqual([seedIds.user('berth')])
    const demo = await t.tokenFor('demo')
    expect((await t.request('/v3/users', { token: demo })).status).toBe(403)
    const me = await json<{ user: Named & { domain_id: string } }>(
      await t.request(`/v3/users/${seedIds.user('demo')}`, { token: demo })
    )
    expect(me.user).toMatchObject({ name: 'demo', domain_id: 'default' })
    expect((await t.request(`/v3/users/${seedIds.user('alt')}`, { token: demo })).status).toBe(403)
    const projects = await json<{ projects: Named[] }>(
      await t.request(`/v3/users/${seedIds.user('berth')}/projects`, { token: admin })
    )
    expect(projects.projects.map((p) => p.name)).toEqual(['service'])
  })

  it('lists roles and domains for admin and shows a member their own domain', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    const roles = await json<{ roles: Named[] }>(await t.request('/v3/roles', { token: admin }))
    expect(roles.roles.map((r) => r.name).sort()).toEqual(['admin', 'member', 'reader', 'service'])
    const domains = await json<{ domains: Named[] }>(
      await t.request('/v3/domains', { token: admin })
    )
    expect(domains.domains).toMatchObject([{ id: 'default', name: 'Default' }])
    const demo = await t.tokenFor('demo')
    expect((await t.request('/v3/roles', { token: demo })).status).toBe(403)
    expect((await t.request('/v3/domains/default', { token: demo })).status).toBe(200)
  })

  it('lists role assignments, expanded with implied roles when effective', async () => {
    const t = testCloud()
    const admin = await t.tokenFor('admin')
    const direct = await json<{ role_assignments: { role: { id: string } }[] }>(
      await t.request(`/v3/role_assignments?user.id=${seedIds.user('admin')}`, { token: admin })
    )
    expect(direct.role_assignments.map((a) => a.role.id)).toEqual([seedIds.role('admin')])
    const effective = await json<{
      role_assignments: { role: Named; scope: { project: Named }; links: Record<string, string> }[]
    }>(
      await t.request(
        `/v3/role_assignments?user.id=${seedIds.user('admin')}&effective&include_names`,
        { token: admin }
      )
    )
    expect(effective.role_assignments.map((a) => a.role.name).sort()).toEqual([
      'admin',
      'member',
      'reader',
    ])
    expect(effective.role_assignments.every((a) => a.scope.project.name === 'admin')).toBe(true)
    expect(effective.role_assignments.filter((a) => a.links.prior_role !== undefined)).toHaveLength(
      2
    )
  })

  it('requires a valid token on every identity call', async () => {
    const t = testCloud()
    for (const path of [
      '/v3/projects',
      '/v3/users',
      '/v3/roles',
      '/v3/auth/catalog',
      '/v3/role_assignments',
    ]) {
      const res = await t.request(path)
      expect(res.status, path).toBe(401)
      expect(((await res.json()) as { error: { title: string } }).error.title).toBe('Unauthorized')
    }
  })

  it('answers unknown paths with Keystone’s 404 document', async () => {
    const t = testCloud()
    const res = await t.request('/v3/nothing-here', { token: await t.tokenFor('admin') })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(404)
  })
})
