/** The users the development cloud seeds, each with a project of the same name. */
export const SEEDED_USERS = ['admin', 'demo', 'alt'] as const
export type SeededUser = (typeof SEEDED_USERS)[number]

export interface OpenrcCredentials {
  authUrl: string
  username: string
  password: string
  projectName: string
  regionName?: string | undefined
  domainName?: string
}

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** Single-quotes a value for POSIX shells unless it is plainly safe. */
export const shellQuote = (value: string): string =>
  SAFE.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`

/** The variables the OpenStack client reads, as `export` lines to paste or source. */
export const openrcLines = (c: OpenrcCredentials): string[] => {
  const domain = c.domainName ?? 'Default'
  const vars: [string, string | undefined][] = [
    ['OS_AUTH_URL', c.authUrl],
    ['OS_USERNAME', c.username],
    ['OS_PASSWORD', c.password],
    ['OS_PROJECT_NAME', c.projectName],
    ['OS_USER_DOMAIN_NAME', domain],
    ['OS_PROJECT_DOMAIN_NAME', domain],
    ['OS_IDENTITY_API_VERSION', '3'],
    ['OS_REGION_NAME', c.regionName],
  ]
  return vars.flatMap(([k, v]) => (v === undefined ? [] : [`export ${k}=${shellQuote(v)}`]))
}

export const seededOpenrc = (authUrl: string, user: SeededUser): string[] =>
  openrcLines({ authUrl, username: user, password: user, projectName: user })

// Debian's client runs on its own python3; another `openstack` earlier on PATH may lack magnum.
export const TRY_COMMAND = '/usr/bin/openstack coe cluster template list'

export interface UsageInput {
  apiUrl: string
  authUrl: string
  /** Where a real cloud came from (OS_AUTH_URL, clouds.yaml); absent for the development cloud. */
  externalSource?: string | undefined
}

/** What to do next, printed once everything listens. */
export const usageText = (u: UsageInput): string => {
  const out = [`Berth's Magnum API is at ${u.apiUrl}`, '']
  if (u.externalSource === undefined) {
    out.push(`Development cloud (Keystone) at ${u.authUrl}. Use it as one of:`)
    for (const user of SEEDED_USERS) {
      out.push('', `# ${user}`, ...seededOpenrc(u.authUrl, user))
    }
    out.push('', 'then:', `  ${TRY_COMMAND}`)
  } else {
    out.push(
      `OpenStack cloud at ${u.authUrl} (${u.externalSource}). Its catalog does not list this`,
      'Berth, so with your usual credentials for that cloud point the client at it directly:',
      `  /usr/bin/magnum --os-endpoint-override ${u.apiUrl}/v1 cluster-template-list`
    )
  }
  out.push('', 'Ctrl-C stops everything.')
  return out.join('\n')
}
