import type { Principal } from '../principal'

/** What a request presented to prove who it is. */
export interface PresentedCredentials {
  /** `X-Auth-Token`: a Keystone token. */
  keystoneToken?: string | undefined
  /** `Authorization: Bearer …`: an OIDC JWT. */
  bearerToken?: string | undefined
}

/** Port: turns presented credentials into a Principal, or throws UnauthorizedError. */
export interface Authenticator {
  authenticate(credentials: PresentedCredentials): Promise<Principal>
}
