import * as z from 'zod/mini'
import { CatalogSchema } from './catalog'

const NamedRef = z.looseObject({ id: z.string(), name: z.optional(z.string()) })

/** The `token` object Keystone v3 returns from POST and GET /v3/auth/tokens. */
export const TokenBodySchema = z.looseObject({
  methods: z.array(z.string()),
  user: z.looseObject({
    id: z.string(),
    name: z.optional(z.string()),
    domain: z.optional(NamedRef),
  }),
  expires_at: z.string(),
  issued_at: z.optional(z.string()),
  audit_ids: z.optional(z.array(z.string())),
  project: z.optional(
    z.looseObject({ id: z.string(), name: z.optional(z.string()), domain: z.optional(NamedRef) })
  ),
  domain: z.optional(NamedRef),
  roles: z.optional(z.array(z.looseObject({ id: z.optional(z.string()), name: z.string() }))),
  catalog: z.optional(CatalogSchema),
  application_credential: z.optional(
    z.looseObject({
      id: z.string(),
      name: z.optional(z.string()),
      restricted: z.optional(z.boolean()),
    })
  ),
})
export type TokenBody = z.infer<typeof TokenBodySchema>

export const TokenResponseSchema = z.object({ token: TokenBodySchema })

const DomainRefSchema = z.union([
  z.object({ id: z.string().check(z.minLength(1)) }),
  z.object({ name: z.string().check(z.minLength(1)) }),
])

/** A user by id, or by name within a domain (names are unique only per domain). */
export const UserRefSchema = z.union([
  z.object({ id: z.string().check(z.minLength(1)) }),
  z.object({ name: z.string().check(z.minLength(1)), domain: DomainRefSchema }),
])
export type UserRef = z.infer<typeof UserRefSchema>

/** A project by id, or by name within a domain. */
export const ProjectRefSchema = z.union([
  z.object({ id: z.string().check(z.minLength(1)) }),
  z.object({ name: z.string().check(z.minLength(1)), domain: DomainRefSchema }),
])
export type ProjectRef = z.infer<typeof ProjectRefSchema>

const PasswordCredentialsSchema = z.object({
  method: z.literal('password'),
  user: UserRefSchema,
  password: z.string().check(z.minLength(1)),
  /** Absent ⇒ an unscoped token (or the user's default project, as Keystone decides). */
  project: z.optional(ProjectRefSchema),
  /** A trust this user is the trustee of: the token acts for the trustor. Wins over `project`. */
  trust: z.optional(z.object({ id: z.string().check(z.minLength(1)) })),
})

const TokenCredentialsSchema = z.object({
  method: z.literal('token'),
  token: z.string().check(z.minLength(1)),
  project: z.optional(ProjectRefSchema),
})

/** Application credentials carry their own project scope; Keystone rejects a `scope` beside them. */
const ApplicationCredentialsSchema = z.union([
  z.object({
    method: z.literal('application_credential'),
    id: z.string().check(z.minLength(1)),
    secret: z.string().check(z.minLength(1)),
  }),
  z.object({
    method: z.literal('application_credential'),
    name: z.string().check(z.minLength(1)),
    secret: z.string().check(z.minLength(1)),
    user: UserRefSchema,
  }),
])

/**
 * What can be exchanged for a Keystone token. A schema as well as a type so that configured
 * service-account credentials are checked once, at start-up.
 *
 * @example
 * CredentialsSchema.parse({ method: 'password', user: { name: 'berth', domain: { id: 'default' } },
 *   password: 's3cret', project: { name: 'service', domain: { id: 'default' } } })
 */
export const CredentialsSchema = z.union([
  PasswordCredentialsSchema,
  TokenCredentialsSchema,
  ApplicationCredentialsSchema,
])
export type Credentials = z.infer<typeof CredentialsSchema>
export type PasswordCredentials = z.infer<typeof PasswordCredentialsSchema>
export type ApplicationCredentials = z.infer<typeof ApplicationCredentialsSchema>

export const ApplicationCredentialSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  /** Only in the answer to create: Keystone keeps a hash, never the secret. */
  secret: z.optional(z.string()),
  description: z.nullish(z.string()),
  expires_at: z.nullish(z.string()),
  project_id: z.optional(z.string()),
  unrestricted: z.optional(z.boolean()),
  roles: z.optional(
    z.array(z.looseObject({ id: z.optional(z.string()), name: z.optional(z.string()) }))
  ),
})
export type ApplicationCredential = z.infer<typeof ApplicationCredentialSchema>

export interface NewApplicationCredential {
  name: string
  /** Role names; absent ⇒ every role the token carries. */
  roles?: string[]
  expiresAt?: Date | string
  /** May this credential create further credentials and trusts? Defaults to false. */
  unrestricted?: boolean
  description?: string
  /** Absent ⇒ Keystone generates one and returns it once. */
  secret?: string
}

/** A Keystone trust (OS-TRUST), as Keystone answers for one. */
export const TrustSchema = z.looseObject({
  id: z.string(),
  trustor_user_id: z.string(),
  trustee_user_id: z.string(),
  project_id: z.nullish(z.string()),
  impersonation: z.optional(z.boolean()),
  expires_at: z.nullish(z.string()),
  roles: z.optional(
    z.array(z.looseObject({ id: z.optional(z.string()), name: z.optional(z.string()) }))
  ),
})
export type Trust = z.infer<typeof TrustSchema>

export interface NewTrust {
  trusteeUserId: string
  /** Role names; absent ⇒ every role the token carries. */
  roles?: string[]
  /** Tokens from it act as the trustor (Heat needs this to own the stack as the user). @default true */
  impersonation?: boolean
  /** May the trustee pass it on (Heat makes its own trust from the trust-scoped token)? @default false */
  allowRedelegation?: boolean
  expiresAt?: Date | string
}
