import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import * as z from 'zod'
import { type ApiResponse, api, type TestUser } from '../support/berth'

/**
 * The wire behaviour of terraform-provider-openstack over gophercloud v2's containerinfra
 * client, for the conformance test: which microversion header each call carries, which status
 * codes gophercloud accepts, and how the provider's StateChangeConf polls.
 */

/** The provider's microversions (containerinfra_shared_v1.go). */
export const MV = { nodeGroups: '1.9', zeroNodes: '1.10', upgrade: '1.8' } as const

/**
 * gophercloud sends `OpenStack-API-Version: container-infra X` only when the client's
 * Microversion is set; otherwise no header at all, so the server's minimum (1.1) applies.
 */
export const gopher = (user: TestUser, microversion?: string) => {
  const headers = {
    'OpenStack-API-Version': microversion ? `container-infra ${microversion}` : null,
  }
  const client = api(user)
  return {
    get: (path: string) => client.get(path, { headers }),
    post: (path: string, body: unknown) => client.post(path, body, { headers }),
    patch: (path: string, body: unknown) => client.patch(path, body, { headers }),
    delete: (path: string) => client.delete(path, { headers }),
  }
}

/**
 * gophercloud's OkCodes: anything else is an error to the provider. A call that passes a
 * JSONResponse (every one but DELETE) also needs a JSON body unless the status is 204.
 */
export const expectOk = (r: ApiResponse, okCodes: number[], decodesBody = true): void => {
  expect(okCodes, `${r.status}: ${r.text}`).toContain(r.status)
  if (decodesBody && r.status !== 204) {
    expect(() => JSON.parse(r.text), `body must be JSON: ${r.text}`).not.toThrow()
  }
}

/** Defaults gophercloud applies when a request names no OkCodes. */
export const DEFAULT_DELETE_OK = [202, 204]

const ERROR_STATUSES = [
  'CREATE_FAILED',
  'UPDATE_FAILED',
  'DELETE_FAILED',
  'RESUME_FAILED',
  'ROLLBACK_FAILED',
]

/** What the refresh function reads: `c.Status`, and `c.StatusReason` for the error. */
const Polled = z.object({ status: z.string(), status_reason: z.string().nullish() })

export interface StateChange {
  /** Empty: any state is waited through (the v2 provider's update, upgrade and delete). */
  pending: string[]
  target: string
  /** One GET as the refresh function makes it; a 404 reads as DELETE_COMPLETE. */
  refresh: () => Promise<ApiResponse>
  ms?: number
}

/**
 * retry.StateChangeConf with the provider's refresh function, polling every 100 ms instead of
 * 10–20 s: an error status fails with status_reason, a state outside `pending` (when given)
 * fails as "unexpected state", a GET error other than 404 fails.
 */
export const waitForState = async (s: StateChange): Promise<string[]> => {
  const seen: string[] = []
  const deadline = Date.now() + (s.ms ?? 45_000)
  while (Date.now() < deadline) {
    const r = await s.refresh()
    let state: string
    if (r.status === 404) state = 'DELETE_COMPLETE'
    else {
      expect(r.status, r.text).toBe(200)
      const body = Polled.parse(r.body)
      state = body.status
      if (ERROR_STATUSES.includes(state)) {
        throw new Error(`in an error state ${state}: ${body.status_reason}`)
      }
    }
    if (seen.at(-1) !== state) seen.push(state)
    if (state === s.target) return seen
    if (s.pending.length > 0 && !s.pending.includes(state)) {
      throw new Error(`unexpected state '${state}', wanted target '${s.target}' (seen ${seen})`)
    }
    await new Promise((res) => setTimeout(res, 100))
  }
  throw new Error(`timeout waiting for ${s.target} (seen ${seen})`)
}

/**
 * The provider's client CSR: a fresh RSA 4096 key, SHA-512, subject O=system:masters,
 * OU=terraform, CN=admin (Go's pkix.Name order), no extensions, PEM "CERTIFICATE REQUEST".
 */
export const terraformCsr = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-tf-csr-'))
  try {
    const csr = join(dir, 'client.csr')
    execFileSync(
      'openssl',
      [
        ...['req', '-new', '-newkey', 'rsa:4096', '-sha512', '-nodes'],
        ...['-keyout', join(dir, 'client.key'), '-out', csr],
        ...['-subj', '/O=system:masters/OU=terraform/CN=admin'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    return readFileSync(csr, 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
