import { UnauthorizedError } from '@berth/core/errors'
import type { Principal } from '@berth/core/principal'
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose'

export interface OidcOptions {
  issuer: string
  audience: string
  /** The issuer's JWKS URL, or a key resolver (tests pass a local JWKS). */
  jwks: string | JWTVerifyGetKey
  /** Claim holding the Keystone project id the caller acts in. @default 'project_id' */
  projectClaim?: string
  /** Claim holding role names (array or space-separated string). @default 'roles' */
  rolesClaim?: string
  /** Seconds of clock skew tolerated on exp/nbf. @default 30 */
  clockToleranceSeconds?: number
}

/** Keystone's default role inference, applied to OIDC roles so policies read the same. */
const IMPLIED: Record<string, readonly string[]> = {
  admin: ['member', 'reader'],
  member: ['reader'],
}

export const expandRoles = (roles: readonly string[]): string[] => [
  ...new Set(roles.flatMap((r) => [r, ...(IMPLIED[r] ?? [])])),
]

const claimString = (payload: JWTPayload, claim: string): string | undefined => {
  const v = payload[claim]
  return typeof v === 'string' && v.length > 0 ? v : undefined
}

const claimRoles = (payload: JWTPayload, claim: string): string[] => {
  const v = payload[claim]
  if (Array.isArray(v)) return v.filter((r): r is string => typeof r === 'string')
  if (typeof v === 'string') return v.split(/\s+/).filter(Boolean)
  return []
}

/**
 * Verifies OIDC bearer JWTs (signature against the issuer's JWKS, issuer, audience, expiry)
 * and maps their claims to a Principal. The JWKS is fetched lazily and cached by jose.
 *
 * @example
 * const oidc = createOidcVerifier({ issuer, audience: 'berth', jwks: `${issuer}/jwks` })
 * const principal = await oidc.verify(bearer)
 */
export const createOidcVerifier = (options: OidcOptions) => {
  const keys =
    typeof options.jwks === 'string' ? createRemoteJWKSet(new URL(options.jwks)) : options.jwks
  const projectClaim = options.projectClaim ?? 'project_id'
  const rolesClaim = options.rolesClaim ?? 'roles'
  return {
    async verify(jwt: string): Promise<Principal> {
      let payload: JWTPayload
      try {
        ;({ payload } = await jwtVerify(jwt, keys, {
          issuer: options.issuer,
          audience: options.audience,
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ['sub', 'exp'],
        }))
      } catch (e) {
        // jose's message says which check failed (expired, audience …) without the token.
        throw new UnauthorizedError(`The bearer token was rejected: ${(e as Error).message}`, {
          cause: e,
        })
      }
      const projectId = claimString(payload, projectClaim)
      if (!projectId) {
        throw new UnauthorizedError(`The bearer token has no '${projectClaim}' claim.`)
      }
      return {
        userId: payload.sub ?? '',
        userName: claimString(payload, 'preferred_username'),
        projectId,
        roles: expandRoles(claimRoles(payload, rolesClaim)),
        authMethod: 'oidc',
        expiresAt: payload.exp ? new Date(payload.exp * 1000).toISOString() : undefined,
      }
    },
  }
}
export type OidcVerifier = ReturnType<typeof createOidcVerifier>
