import type { Config } from '@berth/shared/config'

/**
 * What the integration project's global setup hands every test file: the configuration an
 * in-process Berth uses to reach the shared DynamoDB Local and development cloud.
 */
export interface BerthTestEnv {
  /** BERTH_PORT is the port the development cloud's catalog lists for container-infra. */
  config: Config
  /** Keystone v3 of the development cloud, e.g. http://127.0.0.1:40123/v3. */
  authUrl: string
  dynamodbEndpoint: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    berthTestEnv: BerthTestEnv
  }
}
