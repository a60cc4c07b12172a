import { Logger } from '@aws-lambda-powertools/logger'
import type { Config } from './config'

/**
 * Attribute names whose values are never written: Keystone tokens (`X-Auth-Token`,
 * `X-Subject-Token`), bearer headers, passwords, application-credential and sealed secrets,
 * cookies and private keys. Matched on the key anywhere in a logged object.
 */
export const REDACTED_KEY =
  /token|password|passwd|secret|authorization|cookie|credential|private_?key/i
export const REDACTED = '[REDACTED]'

/** Applied by the logger to every key it serialises; exported so tests can show what it hides. */
export const redactSecrets = (key: string, value: unknown): unknown =>
  key !== '' && REDACTED_KEY.test(key) && value !== undefined && value !== null ? REDACTED : value

/**
 * One structured JSON logger per process (Powertools), keyed by service. Callers add request
 * and cluster ids with `appendKeys` or per call; tokens, passwords and secrets are not passed to
 * it, and any attribute named like one is redacted anyway.
 */
export const createLogger = (service: string, level: Config['BERTH_LOG_LEVEL'] = 'INFO'): Logger =>
  new Logger({ serviceName: service, logLevel: level, jsonReplacerFn: redactSecrets })
export type { Logger }
