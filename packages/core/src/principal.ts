import * as z from 'zod/mini'

/**
 * Who is calling. Built by the API's identity middleware from a validated Keystone token or
 * OIDC JWT, and the only thing the core knows about authentication.
 */
export const PrincipalSchema = z.object({
  userId: z.string().check(z.minLength(1)),
  userName: z.optional(z.string()),
  userDomainId: z.optional(z.string()),
  projectId: z.string().check(z.minLength(1)),
  projectName: z.optional(z.string()),
  projectDomainId: z.optional(z.string()),
  /** Effective role names, implied roles included (admin ⇒ member ⇒ reader on Keystone). */
  roles: z.array(z.string()),
  /** Keystone `is_admin_project`-style flag; Magnum's `context_is_admin` is `role:admin`. */
  authMethod: z.enum(['keystone', 'oidc']),
  /** The Keystone token the request came with, used for calls to the cloud on the user's behalf. */
  token: z.optional(z.string()),
  /** Catalog of the token (Keystone only), so cloud calls use the user's region's endpoints. */
  expiresAt: z.optional(z.string()),
})
export type Principal = z.infer<typeof PrincipalSchema>

export const hasRole = (p: Principal, role: string): boolean => p.roles.includes(role)
