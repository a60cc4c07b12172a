import { createDevCloud, type DevCloudOptions } from './server'

/** Credentials of the seeded users (password = name). */
export type SeedUser = 'admin' | 'demo' | 'alt' | 'berth'

const HOME_PROJECT: Record<SeedUser, string> = {
  admin: 'admin',
  demo: 'demo',
  alt: 'alt',
  berth: 'service',
}

export const passwordAuth = (user: string, password: string, project?: string | null) => ({
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name: user, domain: { name: 'Default' }, password } },
    },
    ...(project ? { scope: { project: { name: project, domain: { id: 'default' } } } } : {}),
  },
})

/**
 * An in-process development cloud for tests: requests go through `app.request()`; `clock`
 * moves time for expiry tests.
 */
export const testCloud = (options: DevCloudOptions = {}) => {
  let offsetMs = 0
  const now = () => new Date(Date.now() + offsetMs)
  const { app, cloud } = createDevCloud({ baseUrl: 'http://127.0.0.1:5000', now, ...options })
  const base = 'http://127.0.0.1:5000'

  const request = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
    const headers = new Headers(init.headers)
    if (init.token !== undefined) headers.set('X-Auth-Token', init.token)
    let body = init.body
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json')
      body = JSON.stringify(init.json)
    }
    return app.request(`${base}${path}`, { ...init, headers, body })
  }

  const issue = async (authBody: unknown): Promise<string> => {
    const res = await request('/v3/auth/tokens', { method: 'POST', json: authBody })
    const token = res.headers.get('X-Subject-Token')
    if (res.status !== 201 || token === null) {
      throw new Error(`token issue failed: ${res.status} ${await res.text()}`)
    }
    return token
  }

  /** A token for a seeded user, scoped to their home project (or `project`, or null ⇒ unscoped). */
  const tokenFor = (user: SeedUser, project: string | null = HOME_PROJECT[user]) =>
    issue(passwordAuth(user, user, project))

  return {
    app,
    cloud,
    request,
    issue,
    tokenFor,
    advanceSeconds: (s: number) => {
      offsetMs += s * 1000
    },
  }
}
