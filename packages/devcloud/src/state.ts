import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { VolumeSchema } from './cinder/model'
import { ImageSchema } from './glance/model'
import { StackSchema } from './heat/model'
import {
  ApplicationCredentialSchema,
  DomainSchema,
  ImpliedRoleSchema,
  ProjectSchema,
  RoleAssignmentSchema,
  RoleSchema,
  TokenSchema,
  TrustSchema,
  UserSchema,
} from './keystone/model'
import {
  FloatingIpSchema,
  NetworkSchema,
  PortSchema,
  RouterSchema,
  SecurityGroupRuleSchema,
  SecurityGroupSchema,
  SubnetSchema,
} from './neutron/model'
import { FlavorSchema, KeypairSchema, ServerGroupSchema, ServerSchema } from './nova/model'
import {
  HealthMonitorSchema,
  ListenerSchema,
  LoadBalancerSchema,
  MemberSchema,
  PoolSchema,
} from './octavia/model'

/**
 * Everything the development cloud knows, one collection per resource kind. A new service adds
 * its collections here; `.default(...)` lets a state file written before that still load.
 */
export const StateSchema = z.object({
  version: z.literal(1),
  domains: z.array(DomainSchema).default([]),
  projects: z.array(ProjectSchema).default([]),
  users: z.array(UserSchema).default([]),
  roles: z.array(RoleSchema).default([]),
  impliedRoles: z.array(ImpliedRoleSchema).default([]),
  roleAssignments: z.array(RoleAssignmentSchema).default([]),
  applicationCredentials: z.array(ApplicationCredentialSchema).default([]),
  tokens: z.record(z.string(), TokenSchema).default({}),
  trusts: z.array(TrustSchema).default([]),
  images: z.array(ImageSchema).default([]),
  flavors: z.array(FlavorSchema).default([]),
  keypairs: z.array(KeypairSchema).default([]),
  networks: z.array(NetworkSchema).default([]),
  subnets: z.array(SubnetSchema).default([]),
  ports: z.array(PortSchema).default([]),
  routers: z.array(RouterSchema).default([]),
  floatingIps: z.array(FloatingIpSchema).default([]),
  securityGroups: z.array(SecurityGroupSchema).default([]),
  securityGroupRules: z.array(SecurityGroupRuleSchema).default([]),
  servers: z.array(ServerSchema).default([]),
  serverGroups: z.array(ServerGroupSchema).default([]),
  loadBalancers: z.array(LoadBalancerSchema).default([]),
  listeners: z.array(ListenerSchema).default([]),
  pools: z.array(PoolSchema).default([]),
  members: z.array(MemberSchema).default([]),
  healthMonitors: z.array(HealthMonitorSchema).default([]),
  volumes: z.array(VolumeSchema).default([]),
  stacks: z.array(StackSchema).default([]),
})
export type StateData = z.infer<typeof StateSchema>

/** Expired tokens stay this long so `allow_expired` validation works (Keystone's default). */
export const EXPIRED_TOKEN_WINDOW_SECONDS = 48 * 3600

export class StateFileError extends Error {
  constructor(file: string, reason: string) {
    super(`development cloud: cannot use state file ${file}: ${reason}`)
    this.name = 'StateFileError'
  }
}

/**
 * In-memory state, optionally mirrored to a JSON file after every change so resources (and
 * tokens) survive a restart. Handlers mutate `data` and then call `save()`.
 */
export class DevCloudState {
  private constructor(
    readonly data: StateData,
    private readonly file: string | undefined,
    private readonly now: () => Date
  ) {}

  /** Loads `file` if it exists; otherwise starts from `seed()` (and writes the file). */
  static open(options: { file?: string; seed: () => StateData; now?: () => Date }): DevCloudState {
    const now = options.now ?? (() => new Date())
    const { file } = options
    if (file !== undefined && existsSync(file)) {
      return new DevCloudState(DevCloudState.read(file), file, now)
    }
    const state = new DevCloudState(options.seed(), file, now)
    state.save()
    return state
  }

  private static read(file: string): StateData {
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'))
    } catch (err) {
      throw new StateFileError(file, err instanceof Error ? err.message : String(err))
    }
    const parsed = StateSchema.safeParse(raw)
    if (!parsed.success) {
      const problems = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
      throw new StateFileError(file, `unexpected content (${problems.join('; ')})`)
    }
    return parsed.data
  }

  save(): void {
    this.pruneTokens()
    if (this.file === undefined) return
    mkdirSync(dirname(this.file), { recursive: true })
    // Write-then-rename so a crash never leaves half a file behind.
    const tmp = `${this.file}.${process.pid}.tmp`
    writeFileSync(tmp, `${JSON.stringify(this.data, null, 1)}\n`)
    renameSync(tmp, this.file)
  }

  private pruneTokens(): void {
    const horizon = this.now().getTime() - EXPIRED_TOKEN_WINDOW_SECONDS * 1000
    for (const [id, token] of Object.entries(this.data.tokens)) {
      if (Date.parse(token.expiresAt) < horizon) delete this.data.tokens[id]
    }
  }
}
