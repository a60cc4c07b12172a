import type { Principal } from '@berth/core/principal'
import type { ApiVersion } from './middleware/api-version'

/** Per-request values every route can read with `c.get(...)`. */
export interface AppVariables {
  requestId: string
  apiVersion: ApiVersion
  principal: Principal
  /** Where this API is reached from outside: links, `next` and Location are built on it. */
  baseUrl: string
}

export interface AppEnv {
  Variables: AppVariables
}
