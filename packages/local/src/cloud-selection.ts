import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'

/** Which OpenStack cloud the local Berth acts on. */
export type CloudChoice =
  | { kind: 'development' }
  | { kind: 'external'; authUrl: string; regionName: string | undefined; source: string }

export class CloudSelectionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CloudSelectionError'
  }
}

/** The places the OpenStack client looks for clouds.yaml, in its order. */
export const cloudsYamlPaths = (cwd = process.cwd(), home = homedir()): string[] => [
  join(cwd, 'clouds.yaml'),
  join(home, '.config/openstack/clouds.yaml'),
  '/etc/openstack/clouds.yaml',
]

// Only what Berth needs: where Keystone is and which region. Credentials stay with the user,
// since Berth acts with the caller's own token.
const CloudSchema = z.object({
  auth: z
    .object({ auth_url: z.string().min(1).optional() })
    .loose()
    .optional(),
  region_name: z.string().optional(),
  regions: z.array(z.union([z.string(), z.object({ name: z.string() }).loose()])).optional(),
})
const CloudsFileSchema = z.object({ clouds: z.record(z.string(), z.unknown()) }).loose()

/** clouds.yaml often gives Keystone's root; Berth talks to the v3 API. */
export const keystoneV3Url = (url: string): string => {
  const trimmed = url.replace(/\/+$/, '')
  return /\/v\d+(\.\d+)?$/.test(trimmed) ? trimmed : `${trimmed}/v3`
}

const readIfPresent = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

const regionOf = (cloud: z.infer<typeof CloudSchema>): string | undefined => {
  if (cloud.region_name) return cloud.region_name
  const first = cloud.regions?.[0]
  return typeof first === 'string' ? first : first?.name
}

/** Reads one cloud from the first clouds.yaml that exists, as the OpenStack client does. */
export const cloudFromCloudsYaml = (
  name: string,
  paths: readonly string[],
  read: (path: string) => string | undefined = readIfPresent
): { authUrl: string; regionName: string | undefined; path: string } => {
  for (const path of paths) {
    const text = read(path)
    if (text === undefined) continue
    let document: unknown
    try {
      document = parse(text)
    } catch (e) {
      throw new CloudSelectionError(`${path} is not valid YAML: ${(e as Error).message}`)
    }
    const file = CloudsFileSchema.safeParse(document)
    if (!file.success) throw new CloudSelectionError(`${path} has no "clouds:" mapping`)
    const entry = file.data.clouds[name]
    if (entry === undefined) {
      const known = Object.keys(file.data.clouds).join(', ') || 'none'
      throw new CloudSelectionError(
        `OS_CLOUD=${name}: no such cloud in ${path} (it defines: ${known})`
      )
    }
    const cloud = CloudSchema.safeParse(entry)
    const authUrl = cloud.success ? cloud.data.auth?.auth_url : undefined
    if (!cloud.success || !authUrl) {
      throw new CloudSelectionError(`OS_CLOUD=${name}: cloud in ${path} has no auth.auth_url`)
    }
    return { authUrl: keystoneV3Url(authUrl), regionName: regionOf(cloud.data), path }
  }
  throw new CloudSelectionError(
    `OS_CLOUD=${name} is set but no clouds.yaml was found in ${paths.join(', ')}`
  )
}

export interface CloudSelectionInput {
  OS_AUTH_URL?: string | undefined
  OS_REGION_NAME?: string | undefined
  OS_CLOUD?: string | undefined
}

/**
 * OS_AUTH_URL wins over OS_CLOUD, and OS_REGION_NAME over the file's region, matching the
 * OpenStack client where environment variables override clouds.yaml. Neither ⇒ the
 * development cloud.
 */
export const selectCloud = (
  input: CloudSelectionInput,
  paths: readonly string[] = cloudsYamlPaths(),
  read?: (path: string) => string | undefined
): CloudChoice => {
  const region = input.OS_REGION_NAME?.trim() || undefined
  const authUrl = input.OS_AUTH_URL?.trim()
  if (authUrl) {
    return {
      kind: 'external',
      authUrl: keystoneV3Url(authUrl),
      regionName: region,
      source: 'OS_AUTH_URL',
    }
  }
  const cloudName = input.OS_CLOUD?.trim()
  if (cloudName) {
    const found = cloudFromCloudsYaml(cloudName, paths, read)
    return {
      kind: 'external',
      authUrl: found.authUrl,
      regionName: region ?? found.regionName,
      source: `cloud "${cloudName}" in ${found.path}`,
    }
  }
  return { kind: 'development' }
}
