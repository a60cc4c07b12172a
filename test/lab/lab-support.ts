import { freePort } from '@berth/local/ports'
import { type ServedBerth, serveApi } from '@berth/local/runtime'
import { type Config, publicUrl } from '@berth/shared/config'
import { createDynamoClient } from '@berth/store/client'
import { ensureTable } from '@berth/store/migrate'
import { testEnv } from '../support/berth'
import { type Identity, keystoneToken, type TestUser } from '../support/keystone'

/**
 * Berth against the OpenStack lab (/work/shared/openstack-lab, BERTH_LAB=1): the real API and
 * workflows in this process on a free port, the lab's Keystone as the cloud, the integration
 * run's DynamoDB Local as the store. The lab's users are the development cloud's (admin, demo,
 * alt; password = name).
 */
export const LAB = process.env.BERTH_LAB === '1'
export const LAB_AUTH_URL = process.env.BERTH_LAB_AUTH_URL ?? 'http://127.0.0.1:5000/v3'
export const MAGNUM_URL = (process.env.BERTH_LAB_MAGNUM_URL ?? 'http://127.0.0.1:9511').replace(
  /\/+$/,
  ''
)

/** The lab's seeded resources a cluster template names. */
export const LAB_SEED = {
  image: 'fedora-coreos-lab',
  externalNetwork: 'public',
  flavor: 'm1.tiny',
  keypair: 'demo-key',
}

const identities = new Map<TestUser, Promise<Identity>>()

/** A token of a lab user on their own project, kept until a minute before it expires. */
export const labIdentity = async (user: TestUser): Promise<Identity> => {
  const cached = await identities.get(user)?.catch(() => undefined)
  if (cached && cached.expiresAt - Date.now() > 60_000) return cached
  const fresh = keystoneToken(LAB_AUTH_URL, user)
  identities.set(user, fresh)
  return fresh
}

/**
 * Berth's settings for the lab: its Keystone refuses trusts to application-credential tokens
 * (LP#2150089), so Heat is reached through a trust to Berth's service account, which must then
 * log in with a password; the lab's admin serves as that account.
 */
export const labConfig = (port: number, sandbox: boolean): Partial<Config> => ({
  OS_AUTH_URL: LAB_AUTH_URL,
  OS_REGION_NAME: undefined,
  BERTH_PORT: port,
  BERTH_PUBLIC_URL: undefined,
  BERTH_SERVICE_USERNAME: 'admin',
  BERTH_SERVICE_PASSWORD: 'admin',
  BERTH_SERVICE_PROJECT_NAME: 'admin',
  BERTH_HEAT_TRUST: true,
  BERTH_SANDBOX_NOVA_PROVIDER: sandbox,
  // Real Heat takes seconds: no need to ask it twenty times a second.
  BERTH_LOCAL_POLL_MS: 1000,
  BERTH_LOCAL_RETRY_MS: 1000,
})

export interface LabBerth {
  url: string
  served: ServedBerth
  stop(): Promise<void>
}

/**
 * Berth on a port of its own (never the lab's 5000 or 9511), acting on the lab, with a table of
 * its own: each Berth runs its workflows in its own process and its reconciler resumes any
 * in-progress cluster of its table whose workflow it does not see running, so two Berths on
 * one table would take over each other's slow operations.
 */
export const startLabBerth = async (options: { sandbox: boolean }): Promise<LabBerth> => {
  const port = await freePort()
  const base = testEnv().config
  const table = `${base.BERTH_TABLE_NAME}-lab-${options.sandbox ? 'sandbox' : 'plain'}-${port}`
  const config: Config = {
    ...base,
    ...labConfig(port, options.sandbox),
    BERTH_TABLE_NAME: table,
  }
  const db = createDynamoClient({
    endpoint: config.BERTH_DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
  })
  await ensureTable(db, table)
  const served = await serveApi(config)
  return { url: publicUrl(config), served, stop: served.close }
}

export interface Reply<T = unknown> {
  status: number
  body: T
  text: string
}

/**
 * A Magnum-style API client (Berth's or Magnum's) acting as a lab user, at a microversion
 * (`latest` as python-magnumclient sends it, or e.g. `1.10`, Magnum 15's newest).
 */
export const magnumClient = (root: string, user: TestUser, version = 'latest') => {
  const request = async <T>(method: string, path: string, body?: unknown): Promise<Reply<T>> => {
    const { token } = await labIdentity(user)
    const headers: Record<string, string> = {
      'X-Auth-Token': token,
      Accept: 'application/json',
      'OpenStack-API-Version': `container-infra ${version}`,
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const res = await fetch(`${root}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    let parsed: unknown
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      parsed = undefined
    }
    return { status: res.status, body: parsed as T, text }
  }
  return {
    request,
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body: unknown) => request<T>('POST', path, body),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    delete: <T>(path: string) => request<T>('DELETE', path),
  }
}
export type MagnumClient = ReturnType<typeof magnumClient>

export const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms))

export interface UntilOptions<T> {
  everyMs?: number
  /** What of the value to report (with the time since the start) each time it changes. */
  show?: (v: T) => string
  /** Added to the error after `ms`: what the cloud says about the wait. */
  diagnose?: () => Promise<unknown>
}

/**
 * Polls `read` until `done` holds; throws with the last value (and the diagnosis) after `ms`.
 * Progress goes to stderr as it happens, so a slow lab run shows where it is spending its time.
 */
export const until = async <T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  ms: number,
  options: UntilOptions<T> = {}
): Promise<T> => {
  const started = Date.now()
  const deadline = started + ms
  let shown: string | undefined
  const report = (v: T) => {
    const now = options.show?.(v)
    if (now === undefined || now === shown) return
    shown = now
    process.stderr.write(
      `[lab] ${what}: ${now} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`
    )
  }
  let last: T = await read()
  report(last)
  while (!done(last)) {
    if (Date.now() > deadline) {
      const diagnosis = options.diagnose
        ? await options.diagnose().catch((e: unknown) => e)
        : undefined
      throw new Error(
        `${what}: not done after ${ms} ms; last ${JSON.stringify(last)}` +
          (diagnosis === undefined ? '' : `; the cloud: ${JSON.stringify(diagnosis)}`)
      )
    }
    await sleep(options.everyMs ?? 2000)
    last = await read()
    report(last)
  }
  return last
}

/** What several clusters and the drivers' lab stacks need at once in one project. */
const NEUTRON_QUOTAS = {
  security_group: 50,
  security_group_rule: 1000,
  router: 30,
  floatingip: 100,
}

/**
 * Raises a lab project's Neutron quotas (as the lab's admin) to what several clusters need at
 * once: Neutron's defaults (10 security groups, 10 routers) fit one cluster of ours beside
 * nothing else. Never lowers one.
 */
export const ensureLabQuotas = async (user: TestUser): Promise<void> => {
  const { projectId } = await labIdentity(user)
  const admin = await labIdentity('admin')
  const catalog = await fetch(`${LAB_AUTH_URL}/auth/catalog`, {
    headers: { 'X-Auth-Token': admin.token },
  })
  const { catalog: entries } = (await catalog.json()) as {
    catalog: { type: string; endpoints: { interface: string; url: string }[] }[]
  }
  const neutron = entries
    .find((e) => e.type === 'network')
    ?.endpoints.find((e) => e.interface === 'public')
    ?.url.replace(/\/+$/, '')
  const url = `${neutron}/v2.0/quotas/${projectId}`
  const headers = { 'X-Auth-Token': admin.token, 'Content-Type': 'application/json' }
  const current = (await (await fetch(url, { headers })).json()) as {
    quota: Record<string, number>
  }
  const raise = Object.fromEntries(
    Object.entries(NEUTRON_QUOTAS).filter(([k, v]) => {
      const now = current.quota[k] ?? 0
      return now !== -1 && now < v
    })
  )
  if (Object.keys(raise).length === 0) return
  const res = await fetch(url, { method: 'PUT', headers, body: JSON.stringify({ quota: raise }) })
  if (!res.ok) throw new Error(`raising ${user}'s quotas: ${res.status} ${await res.text()}`)
}
