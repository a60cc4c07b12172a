import { type Context, Hono } from 'hono'
import { type DevCloud, SERVICE_PREFIXES } from '../context'
import { badRequest, notFound, parseBool } from '../http'
import { isAdmin, type ValidToken } from '../keystone/tokens'
import type { NovaEnv } from './env'
import type { Flavor } from './model'

const canSeeFlavor = (caller: ValidToken, f: Flavor): boolean =>
  f.isPublic || isAdmin(caller) || f.accessProjectIds.includes(caller.project?.id ?? '')

const links = (cloud: DevCloud, id: string) => {
  const root = `${cloud.config.baseUrl()}${SERVICE_PREFIXES.compute}`
  return [
    { rel: 'self', href: `${root}/v2.1/flavors/${id}` },
    { rel: 'bookmark', href: `${root}/flavors/${id}` },
  ]
}

/** A flavor as the negotiated microversion shows it. */
const renderFlavor = (cloud: DevCloud, f: Flavor, minor: number, detail: boolean) => {
  const summary = { id: f.id, name: f.name, links: links(cloud, f.id) }
  const description = minor >= 55 ? { description: f.description } : {}
  if (!detail) return { ...summary, ...description }
  return {
    id: f.id,
    name: f.name,
    ram: f.ramMb,
    disk: f.diskGb,
    // Before 2.75 Nova shows "no swap" as an empty string.
    swap: f.swapMb === 0 && minor < 75 ? '' : f.swapMb,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeralGb,
    'OS-FLV-DISABLED:disabled': f.disabled,
    vcpus: f.vcpus,
    'os-flavor-access:is_public': f.isPublic,
    rxtx_factor: f.rxtxFactor,
    links: summary.links,
    ...description,
    ...(minor >= 61 ? { extra_specs: f.extraSpecs } : {}),
  }
}

const flavorNumber = (f: Flavor, key: string): number | string => {
  const numeric: Record<string, number> = {
    memory_mb: f.ramMb,
    vcpus: f.vcpus,
    root_gb: f.diskGb,
    ephemeral_gb: f.ephemeralGb,
    swap: f.swapMb,
  }
  if (key in numeric) return numeric[key] ?? 0
  return key === 'name' ? f.name : f.id
}

/** GET /flavors and /flavors/detail: is_public, minRam, minDisk, sorting and paging. */
const listFlavors = (c: Context<NovaEnv>, cloud: DevCloud, detail: boolean) => {
  const caller = c.get('caller')
  const q = (k: string) => c.req.query(k)
  let flavors = cloud.state.data.flavors.filter((f) => canSeeFlavor(caller, f))
  // Only admins choose: non-admins always get public flavors plus those shared with them.
  const isPublic = q('is_public')
  if (isAdmin(caller)) {
    const wanted =
      isPublic === undefined
        ? true
        : isPublic.toLowerCase() === 'none'
          ? undefined
          : parseBool(isPublic)
    if (wanted !== undefined) flavors = flavors.filter((f) => f.isPublic === wanted)
  }
  const minRam = Number(q('minRam') ?? 0)
  const minDisk = Number(q('minDisk') ?? 0)
  if (Number.isNaN(minRam) || Number.isNaN(minDisk))
    throw badRequest('Invalid minRam or minDisk filter.')
  flavors = flavors.filter((f) => f.ramMb >= minRam && f.diskGb >= minDisk)
  const sortKey = q('sort_key') ?? 'flavorid'
  const dir = q('sort_dir') === 'desc' ? -1 : 1
  flavors = [...flavors].sort((a, b) => {
    const x = flavorNumber(a, sortKey)
    const y = flavorNumber(b, sortKey)
    return (
      dir *
      (typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x).localeCompare(String(y), 'en', { numeric: true }))
    )
  })
  const marker = q('marker')
  if (marker !== undefined) {
    const at = flavors.findIndex((f) => f.id === marker)
    if (at < 0) throw badRequest(`marker [${marker}] not found`)
    flavors = flavors.slice(at + 1)
  }
  const limit = q('limit') === undefined ? undefined : Number(q('limit'))
  const page = limit === undefined ? flavors : flavors.slice(0, limit)
  const body: Record<string, unknown> = {
    flavors: page.map((f) => renderFlavor(cloud, f, c.get('computeMinor'), detail)),
  }
  const last = page.at(-1)
  if (limit !== undefined && page.length === limit && flavors.length > limit && last) {
    const next = new URL(c.req.url)
    next.searchParams.set('marker', last.id)
    body.flavors_links = [{ rel: 'next', href: next.toString() }]
  }
  return c.json(body)
}

export const novaFlavorRoutes = (cloud: DevCloud) => {
  const app = new Hono<NovaEnv>()
  const find = (c: Context<NovaEnv>, id: string): Flavor => {
    const flavor = cloud.state.data.flavors.find((f) => f.id === id)
    if (!flavor || !canSeeFlavor(c.get('caller'), flavor))
      throw notFound(`Flavor ${id} could not be found.`)
    return flavor
  }
  app.get('/v2.1/flavors', (c) => listFlavors(c, cloud, false))
  app.get('/v2.1/flavors/detail', (c) => listFlavors(c, cloud, true))
  app.get('/v2.1/flavors/:id', (c) =>
    c.json({ flavor: renderFlavor(cloud, find(c, c.req.param('id')), c.get('computeMinor'), true) })
  )
  app.get('/v2.1/flavors/:id/os-extra_specs', (c) =>
    c.json({ extra_specs: find(c, c.req.param('id')).extraSpecs })
  )
  return app
}
