import { Logger } from '@aws-lambda-powertools/logger'
import type { Config } from './config'

/**
 * One structured JSON logger per process (Powertools), keyed by service. Callers add request
 * and cluster ids with `appendKeys`; tokens, passwords and secrets are never passed to it.
 */
export const createLogger = (service: string, level: Config['BERTH_LOG_LEVEL'] = 'INFO'): Logger =>
  new Logger({ serviceName: service, logLevel: level })
export type { Logger }
