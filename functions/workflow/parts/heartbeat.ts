import { hostname } from 'node:os'
import type { ServiceBinary } from '@berth/core/mservices/model'
import type { Config } from '@berth/shared/config'
import { createDynamoClient } from '@berth/store/client'
import { DynamoServiceRegistry } from '@berth/store/service-heartbeats'

/**
 * Where a component runs, as /v1/mservices names it: the Lambda function (all its containers
 * are one service), or this machine.
 */
export const serviceHost = (config: Config): string => config.AWS_LAMBDA_FUNCTION_NAME ?? hostname()

/** Reports a scheduled job alive after each run; a report that fails is only logged. */
export type ReportAlive = (binary: ServiceBinary, everySeconds: number) => Promise<void>

/**
 * One reporter per process (one DynamoDB client): a job reports after a run, saying it
 * should report again within `everySeconds`.
 */
export const heartbeatReporter = (
  config: Config,
  warn: (message: string, details: Record<string, unknown>) => void
): ReportAlive => {
  const db = createDynamoClient({
    endpoint: config.BERTH_DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
  })
  const registry = new DynamoServiceRegistry(db, config.BERTH_TABLE_NAME)
  const host = serviceHost(config)
  return async (binary, everySeconds) => {
    try {
      await registry.heartbeat({ binary, host, reportInterval: everySeconds })
    } catch (e) {
      warn('heartbeat not recorded', { binary, error: e instanceof Error ? e.message : String(e) })
    }
  }
}
