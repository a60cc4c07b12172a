import { BerthError, ErrorKind } from '@berth/core/errors'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * Microversions (magnum/api/controllers/versions.py). A missing header means the minimum,
 * 1.1, as in Magnum; clients (python-magnumclient, gophercloud) send `latest` or a number.
 */
export interface ApiVersion {
  major: number
  minor: number
}

export const MIN_API_VERSION: ApiVersion = { major: 1, minor: 1 }
export const MAX_API_VERSION: ApiVersion = { major: 1, minor: 14 }
export const SERVICE_TYPES = [
  'container-infra',
  'container-infrastructure',
  'container-infrastructure-management',
] as const
export const VERSION_HEADER = 'OpenStack-API-Version'

export const formatVersion = (v: ApiVersion): string => `${v.major}.${v.minor}`
export const compareVersions = (a: ApiVersion, b: ApiVersion): number =>
  a.major - b.major || a.minor - b.minor
export const atLeast = (v: ApiVersion, major: number, minor: number): boolean =>
  compareVersions(v, { major, minor }) >= 0

const notAcceptable = (message: string, extra?: Record<string, unknown>) =>
  new BerthError(ErrorKind.NotAcceptable, message, extra ? { extra } : undefined)

/**
 * Parses the header's value. It may list several services ("compute 2.1, container-infra
 * 1.5"); the entry for ours counts. Anything unreadable is a 406 with Magnum's wording.
 */
export const parseApiVersion = (header: string | undefined): ApiVersion => {
  if (header === undefined || header.trim() === '') return MIN_API_VERSION
  const entries = header.split(',').map((e) => e.trim().split(/\s+/))
  const ours = entries.find(
    (e) =>
      e.length === 2 && (SERVICE_TYPES as readonly string[]).includes((e[0] ?? '').toLowerCase())
  )
  if (!ours) throw notAcceptable(`Invalid service type for ${VERSION_HEADER} header`)
  const value = (ours[1] ?? '').toLowerCase()
  if (value === 'latest') return MAX_API_VERSION
  const m = /^(\d+)\.(\d+)$/.exec(value)
  if (!m) throw notAcceptable(`Invalid value for ${VERSION_HEADER} header`)
  const v = { major: Number(m[1]), minor: Number(m[2]) }
  if (compareVersions(v, MIN_API_VERSION) < 0 || compareVersions(v, MAX_API_VERSION) > 0) {
    throw notAcceptable(
      `Version ${formatVersion(v)} was requested but the minor version is not supported by this service. The supported version range is: [${formatVersion(MIN_API_VERSION)}, ${formatVersion(MAX_API_VERSION)}].`,
      {
        code: 'magnum.microversion-unsupported',
        title: 'Requested microversion is unsupported',
        min_version: formatVersion(MIN_API_VERSION),
        max_version: formatVersion(MAX_API_VERSION),
        links: [
          { rel: 'help', href: 'http://docs.openstack.org/api-guide/compute/microversions.html' },
        ],
      }
    )
  }
  return v
}

/** Headers every /v1 response carries, errors included. */
export const versionHeaders = (v: ApiVersion | undefined): Record<string, string> => ({
  'OpenStack-API-Minimum-Version': `container-infra ${formatVersion(MIN_API_VERSION)}`,
  'OpenStack-API-Maximum-Version': `container-infra ${formatVersion(MAX_API_VERSION)}`,
  ...(v ? { [VERSION_HEADER]: `container-infra ${formatVersion(v)}` } : {}),
  Vary: VERSION_HEADER,
})

/** Negotiates the version for /v1 requests and echoes Magnum's headers. */
export const apiVersion = () =>
  createMiddleware<AppEnv>(async function apiVersion(c, next) {
    // Set first so that even a 406 carries the supported range.
    for (const [k, v] of Object.entries(versionHeaders(undefined))) c.header(k, v)
    const v = parseApiVersion(c.req.header(VERSION_HEADER))
    c.set('apiVersion', v)
    c.header(VERSION_HEADER, `container-infra ${formatVersion(v)}`)
    await next()
  })

/** Throws Magnum's 406 when a route needs a newer microversion than the request asked for. */
export const requireVersion = (v: ApiVersion, major: number, minor: number, what: string): void => {
  if (!atLeast(v, major, minor)) {
    throw notAcceptable(
      `Version ${formatVersion(v)} was requested but the requested API ${what} is not supported for this version.`
    )
  }
}
