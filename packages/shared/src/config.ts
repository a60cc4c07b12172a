import { Resource } from 'sst/resource'
import * as z from 'zod/mini'
import './zod-messages'

/** A whole number from an env string, at least `min`. */
const count = (min: number) => z.coerce.number().check(z.int(), z.gte(min))
const port = z.coerce.number().check(z.int(), z.gte(0), z.lte(65535))
const flag = z.pipe(
  z._default(z.enum(['true', 'false']), 'false'),
  z.transform((v) => v === 'true')
)
const optionalString = z.pipe(
  z.optional(z.string()),
  z.transform((v) => (v === undefined || v.trim() === '' ? undefined : v))
)
// zod/mini's transform context has no addIssue: an issue is pushed onto the payload itself.
const optionalCount = z.pipe(
  z.optional(z.string()),
  z.transform((v, ctx): number | undefined => {
    if (v === undefined || v.trim() === '') return undefined
    const n = Number(v)
    if (Number.isInteger(n) && n >= 0) return n
    ctx.issues.push({ code: 'custom', message: 'expected a non-negative integer', input: v })
    return z.NEVER
  })
)
const stringMap = z.pipe(
  z.pipe(
    z.optional(z.string()),
    z.transform((v, ctx): unknown => {
      if (v === undefined || v.trim() === '') return {}
      try {
        return JSON.parse(v)
      } catch {
        ctx.issues.push({ code: 'custom', message: 'expected a JSON object of strings', input: v })
        return z.NEVER
      }
    })
  ),
  z.record(z.string(), z.string())
)

/**
 * Every setting Berth reads from its environment, in one schema. Read once at start-up
 * (`loadConfig(process.env)`) and passed down; nothing else reads `process.env`.
 */
export const ConfigSchema = z.object({
  /** Address and port of the Magnum-compatible API. */
  BERTH_HOST: z._default(z.string(), '127.0.0.1'),
  BERTH_PORT: z._default(port, 9511),
  /** Base URL clients use to reach the API (links, `next`, Location). Defaults to http://host:port. */
  BERTH_PUBLIC_URL: optionalString,
  /** Keystone port of the development cloud; its other services share the port under path prefixes. */
  BERTH_CLOUD_PORT: z._default(port, 5000),
  /** Persistent local data: DynamoDB Local files, development cloud state, local keys. */
  BERTH_DATA_DIR: z._default(z.string(), '.berth'),
  /** DynamoDB. An endpoint means DynamoDB Local (or any compatible server). */
  BERTH_TABLE_NAME: z._default(z.string(), 'berth'),
  BERTH_DYNAMODB_ENDPOINT: optionalString,
  BERTH_DYNAMODB_PORT: z._default(port, 8000),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  /** The OpenStack cloud Berth acts on: a Keystone v3 URL. Absent locally ⇒ the development cloud. */
  OS_AUTH_URL: optionalString,
  OS_REGION_NAME: optionalString,
  OS_INTERFACE: z._default(z.enum(['public', 'internal', 'admin']), 'public'),
  /** How long a validated Keystone token is trusted without asking Keystone again (seconds). */
  BERTH_TOKEN_CACHE_SECONDS: z._default(count(0), 300),
  /** OIDC bearer tokens (optional): issuer, audience and JWKS location; claims mapped to a project. */
  BERTH_OIDC_ISSUER: optionalString,
  BERTH_OIDC_AUDIENCE: optionalString,
  BERTH_OIDC_JWKS_URL: optionalString,
  BERTH_OIDC_PROJECT_CLAIM: z._default(z.string(), 'project_id'),
  BERTH_OIDC_ROLES_CLAIM: z._default(z.string(), 'roles'),
  /** Policy: an oslo.policy-style YAML/JSON file of rule overrides, and which defaults apply. */
  BERTH_POLICY_FILE: optionalString,
  BERTH_POLICY_DEFAULTS: z._default(z.enum(['secure-rbac', 'zed']), 'secure-rbac'),
  /** Largest request body accepted, in bytes. */
  BERTH_MAX_BODY_BYTES: z._default(count(1024), 1_048_576),
  /** Magnum's `max_clusters_per_project`, the quota when none is stored. */
  BERTH_MAX_CLUSTERS_PER_PROJECT: z._default(count(0), 20),
  /** Berth's Node and VCPU quotas when none is stored for a project; unset ⇒ no limit. */
  BERTH_MAX_NODES_PER_PROJECT: optionalCount,
  BERTH_MAX_VCPUS_PER_PROJECT: optionalCount,
  /** /v1/mservices: a component whose last report is older than this is down (seconds). */
  BERTH_SERVICE_DOWN_SECONDS: z._default(count(1), 180),
  /** Audit records expire this many days after they were made (DynamoDB TTL); 0 keeps them. */
  BERTH_AUDIT_RETENTION_DAYS: z._default(count(0), 365),
  BERTH_LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
  /** KMS key sealing secrets at rest (envelope encryption); absent ⇒ a key file in BERTH_DATA_DIR. */
  BERTH_KMS_KEY_ID: optionalString,
  /** Step Functions state machine ARN per workflow (ASL file name), a JSON object; on AWS, linked. */
  BERTH_STATE_MACHINE_ARNS: stringMap,
  /**
   * Berth's own Keystone account (password or application credential). It removes clusters'
   * application credentials at delete (any user's, as a Keystone admin may) and acts for OIDC
   * callers. The development cloud seeds berth/berth in project `service`.
   */
  BERTH_SERVICE_USERNAME: optionalString,
  BERTH_SERVICE_PASSWORD: optionalString,
  BERTH_SERVICE_PROJECT_NAME: optionalString,
  BERTH_SERVICE_DOMAIN_NAME: z._default(z.string(), 'Default'),
  BERTH_SERVICE_APPLICATION_CREDENTIAL_ID: optionalString,
  BERTH_SERVICE_APPLICATION_CREDENTIAL_SECRET: optionalString,
  /**
   * Give Heat a trust (user → Berth's service account) instead of the cluster's application
   * credential: Keystone releases with the fix for LP#2150089 refuse trusts to application
   * credential tokens, and Heat makes one per stack. Needs password service credentials.
   */
  BERTH_HEAT_TRUST: flag,
  /**
   * Sandbox clouds only (a lab or CI without compute hosts): every OS::Nova::Server in the
   * rendered stacks becomes a provider template that boots nothing (stack environment's
   * resource_registry), so clusters complete with real networks, ports and floating IPs.
   */
  BERTH_SANDBOX_NOVA_PROVIDER: flag,
  /** Longest wait between two polls of a Heat stack in a workflow (seconds; AWS runs). */
  BERTH_POLL_MAX_SECONDS: z._default(count(1), 30),
  /**
   * An operation running longer than this says in status_reason what Heat is still on,
   * refreshed as often (seconds).
   */
  BERTH_PROGRESS_REPORT_SECONDS: z._default(count(1), 600),
  /** Local runner only: the poll interval and the pause before a retried step, in ms. */
  BERTH_LOCAL_POLL_MS: z._default(count(0), 250),
  BERTH_LOCAL_RETRY_MS: z._default(count(0), 500),
  /** How often the reconciler looks for clusters whose workflow stopped (seconds). */
  BERTH_RECONCILE_SECONDS: z._default(count(1), 60),
  /** A workflow younger than this is left alone by the reconciler (it may be starting). */
  BERTH_RECONCILE_GRACE_SECONDS: z._default(count(0), 30),
  /** Set by Lambda itself: metrics are emitted (EMF) only there. */
  AWS_LAMBDA_FUNCTION_NAME: optionalString,
})
export type Config = z.infer<typeof ConfigSchema>

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/**
 * Parses the environment; an invalid value stops start-up with every problem named. What
 * sst.config.ts links to a Lambda (read here, see {@link linkedResources}) stands in for the
 * settings it names, so every entry point gets it from the same call; elsewhere nothing is linked.
 */
export const loadConfig = (
  env: Record<string, string | undefined>,
  linked: Record<string, unknown> = linkedResources()
): Config => {
  const parsed = ConfigSchema.safeParse({ ...env, ...linkedEnvironment(linked) })
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  }
  return parsed.data
}

export const publicUrl = (c: Config): string =>
  (c.BERTH_PUBLIC_URL ?? `http://${c.BERTH_HOST}:${c.BERTH_PORT}`).replace(/\/+$/, '')

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
const stringProp = (v: unknown, key: string): string | undefined =>
  isRecord(v) && typeof v[key] === 'string' ? v[key] : undefined

/**
 * The settings linked resources stand for. The names and properties are the ones sst.config.ts
 * links: `Table.name`, `SecretsKey.arn`, every `{workflow, arn}` state machine, and `Settings`,
 * whose properties are config keys given at deploy time.
 */
export const linkedEnvironment = (linked: Record<string, unknown>): Record<string, string> => {
  const env: Record<string, string> = {}
  const table = stringProp(linked.Table, 'name')
  if (table) env.BERTH_TABLE_NAME = table
  const key = stringProp(linked.SecretsKey, 'arn')
  if (key) env.BERTH_KMS_KEY_ID = key
  const settings = linked.Settings
  if (isRecord(settings)) {
    for (const [k, v] of Object.entries(settings)) {
      if (k in ConfigSchema.shape && typeof v === 'string' && v !== '') env[k] = v
    }
  }
  const machines: Record<string, string> = {}
  for (const value of Object.values(linked)) {
    const workflow = stringProp(value, 'workflow')
    const arn = stringProp(value, 'arn')
    if (workflow && arn) machines[workflow] = arn
  }
  if (Object.keys(machines).length > 0) env.BERTH_STATE_MACHINE_ARNS = JSON.stringify(machines)
  return env
}

/**
 * What SST linked to this function (Lambda, `sst shell`); nothing elsewhere. The one place
 * runtime code reads SST's `Resource`.
 */
export const linkedResources = (): Record<string, unknown> => {
  const linked: Record<string, unknown> = {}
  for (const name of Object.keys(Resource)) linked[name] = Resource[name as keyof typeof Resource]
  return linked
}
