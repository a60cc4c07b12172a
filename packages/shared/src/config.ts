import { z } from 'zod'

const port = z.coerce.number().int().min(0).max(65535)
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v))

/**
 * Every setting Berth reads from its environment, in one schema. Read once at start-up
 * (`loadConfig(process.env)`) and passed down; nothing else reads `process.env`.
 */
export const ConfigSchema = z.object({
  /** Address and port of the Magnum-compatible API. */
  BERTH_HOST: z.string().default('127.0.0.1'),
  BERTH_PORT: port.default(9511),
  /** Base URL clients use to reach the API (links, `next`, Location). Defaults to http://host:port. */
  BERTH_PUBLIC_URL: optionalString,
  /** Keystone port of the development cloud; its other services share the port under path prefixes. */
  BERTH_CLOUD_PORT: port.default(5000),
  /** Persistent local data: DynamoDB Local files, development cloud state, local keys. */
  BERTH_DATA_DIR: z.string().default('.berth'),
  /** DynamoDB. An endpoint means DynamoDB Local (or any compatible server). */
  BERTH_TABLE_NAME: z.string().default('berth'),
  BERTH_DYNAMODB_ENDPOINT: optionalString,
  BERTH_DYNAMODB_PORT: port.default(8000),
  AWS_REGION: z.string().default('us-east-1'),
  /** The OpenStack cloud Berth acts on: a Keystone v3 URL. Absent locally ⇒ the development cloud. */
  OS_AUTH_URL: optionalString,
  OS_REGION_NAME: optionalString,
  OS_INTERFACE: z.enum(['public', 'internal', 'admin']).default('public'),
  /** How long a validated Keystone token is trusted without asking Keystone again (seconds). */
  BERTH_TOKEN_CACHE_SECONDS: z.coerce.number().int().min(0).default(300),
  /** OIDC bearer tokens (optional): issuer, audience and JWKS location; claims mapped to a project. */
  BERTH_OIDC_ISSUER: optionalString,
  BERTH_OIDC_AUDIENCE: optionalString,
  BERTH_OIDC_JWKS_URL: optionalString,
  BERTH_OIDC_PROJECT_CLAIM: z.string().default('project_id'),
  BERTH_OIDC_ROLES_CLAIM: z.string().default('roles'),
  /** Policy: an oslo.policy-style YAML/JSON file of rule overrides, and which defaults apply. */
  BERTH_POLICY_FILE: optionalString,
  BERTH_POLICY_DEFAULTS: z.enum(['secure-rbac', 'zed']).default('secure-rbac'),
  /** Largest request body accepted, in bytes. */
  BERTH_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Magnum's `max_clusters_per_project`, the quota when none is stored. */
  BERTH_MAX_CLUSTERS_PER_PROJECT: z.coerce.number().int().min(0).default(20),
  BERTH_LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
})
export type Config = z.infer<typeof ConfigSchema>

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Parses the environment; an invalid value stops start-up with every problem named. */
export const loadConfig = (env: Record<string, string | undefined>): Config => {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  }
  return parsed.data
}

export const publicUrl = (c: Config): string =>
  (c.BERTH_PUBLIC_URL ?? `http://${c.BERTH_HOST}:${c.BERTH_PORT}`).replace(/\/+$/, '')
