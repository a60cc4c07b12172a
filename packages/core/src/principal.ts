import * as z from 'zod'

/**
 * Who is calling. Built by the API's identity middleware from a validated Keystone token or
 * OIDC JWT, and the only thing the core knows about authentication.
 */
export const PrincipalSchema = z.object({
  userId: z.string().min(1),
  userName: z.string().optional(),
  userDomainId: z.string().optional(),
  projectId: z.string().min(1),
  projectName: z.string().optional(),
  projectDomainId: z.string().optional(),
  /** Effective role names, implied roles included (admin ⇒ member ⇒ reader on Keystone). */
  roles: z.array(z.string()),
  /** Keystone `is_admin_project`-style flag; Magnum's `context_is_admin` is `role:admin`. */
  authMethod: z.enum(['keystone', 'oidc']),
  /** The Keystone token the request came with, used for calls to the cloud on the user's behalf. */
  token: z.string().optional(),
  /** Catalog of the token (Keystone only), so cloud calls use the user's region's endpoints. */
  expiresAt: z.string().optional(),
})
export type Principal = z.infer<typeof PrincipalSchema>

export const hasRole = (p: Principal, role: string): boolean => p.roles.includes(role)
