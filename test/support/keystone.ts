/** The development cloud's seeded users; each has a project of the same name. */
export type TestUser = 'admin' | 'demo' | 'alt'

export interface Identity {
  token: string
  userId: string
  projectId: string
  roles: string[]
  expiresAt: number
}

interface TokenBody {
  token: {
    expires_at: string
    user: { id: string }
    project: { id: string }
    roles?: { name: string }[]
  }
}

/**
 * Asks a Keystone v3 for a token of a seeded user, scoped to the project of the same name unless
 * `project` names another (alt working in demo's project, say).
 */
export const keystoneToken = async (
  authUrl: string,
  user: TestUser,
  project: TestUser = user
): Promise<Identity> => {
  const domain = { name: 'Default' }
  const res = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain, password: user } },
        },
        scope: { project: { name: project, domain } },
      },
    }),
  })
  const token = res.headers.get('x-subject-token')
  if (res.status !== 201 || !token) {
    const who = project === user ? user : `${user} in ${project}`
    throw new Error(`Keystone refused a token for ${who}: ${res.status} ${await res.text()}`)
  }
  const body = (await res.json()) as TokenBody
  return {
    token,
    userId: body.token.user.id,
    projectId: body.token.project.id,
    roles: (body.token.roles ?? []).map((r) => r.name),
    expiresAt: Date.parse(body.token.expires_at),
  }
}
