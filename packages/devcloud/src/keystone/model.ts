import { z } from 'zod'

/** Keystone's records as the development cloud stores them (camelCase; rendered snake_case). */

export const DomainSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
})
export type Domain = z.infer<typeof DomainSchema>

export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  domainId: z.string(),
  description: z.string(),
  enabled: z.boolean(),
})
export type Project = z.infer<typeof ProjectSchema>

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  domainId: z.string(),
  enabled: z.boolean(),
  /** `sha256$salt$hex` — see secrets.ts. */
  passwordHash: z.string(),
  defaultProjectId: z.string().nullable(),
  email: z.string().nullable(),
})
export type User = z.infer<typeof UserSchema>

export const RoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
})
export type Role = z.infer<typeof RoleSchema>

/** Keystone's role inference rule: holding `priorRoleId` also grants `impliedRoleId`. */
export const ImpliedRoleSchema = z.object({ priorRoleId: z.string(), impliedRoleId: z.string() })
export type ImpliedRole = z.infer<typeof ImpliedRoleSchema>

export const RoleAssignmentSchema = z.object({
  userId: z.string(),
  projectId: z.string(),
  roleId: z.string(),
})
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>

export const ApplicationCredentialSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  userId: z.string(),
  projectId: z.string(),
  secretHash: z.string(),
  roleIds: z.array(z.string()),
  /** ISO-8601, or null for no expiry. */
  expiresAt: z.string().nullable(),
  unrestricted: z.boolean(),
  createdAt: z.string(),
})
export type ApplicationCredential = z.infer<typeof ApplicationCredentialSchema>

export const TokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  /** null ⇒ unscoped. */
  projectId: z.string().nullable(),
  methods: z.array(z.string()),
  applicationCredentialId: z.string().nullable(),
  /** The trust a trust-scoped token acts through; absent in state files written before trusts. */
  trustId: z.string().nullable().default(null),
  issuedAt: z.string(),
  expiresAt: z.string(),
  auditIds: z.array(z.string()),
})
export type Token = z.infer<typeof TokenSchema>

/** OS-TRUST: the trustor lets the trustee act with these roles on the project. */
export const TrustSchema = z.object({
  id: z.string(),
  trustorUserId: z.string(),
  trusteeUserId: z.string(),
  projectId: z.string(),
  /** Tokens from it name the trustor as their user. */
  impersonation: z.boolean(),
  roleIds: z.array(z.string()),
  /** How many more times it may be passed on (0 ⇒ never). */
  redelegationCount: z.number().int().min(0),
  redelegatedTrustId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
})
export type Trust = z.infer<typeof TrustSchema>
