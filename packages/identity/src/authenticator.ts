import { UnauthorizedError } from '@berth/core/errors'
import type { Authenticator } from '@berth/core/ports/identity'
import type { Principal } from '@berth/core/principal'

export const AUTHENTICATION_REQUIRED = 'The request you have made requires authentication.'

/**
 * Picks the verifier for what the request presented: a Keystone token (`X-Auth-Token`) or,
 * when an OIDC issuer is configured, a bearer JWT. Either is enough; none is a 401.
 */
export const createAuthenticator = (verifiers: {
  keystone: (token: string) => Promise<Principal>
  oidc?: ((jwt: string) => Promise<Principal>) | undefined
}): Authenticator => ({
  async authenticate({ keystoneToken, bearerToken }) {
    if (keystoneToken) return verifiers.keystone(keystoneToken)
    if (bearerToken && verifiers.oidc) return verifiers.oidc(bearerToken)
    throw new UnauthorizedError(AUTHENTICATION_REQUIRED)
  },
})
