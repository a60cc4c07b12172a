import type { StepDeps } from '@berth/core/lifecycle/deps'
import type { Config } from '@berth/shared/config'
import { createLogger } from '@berth/shared/logger'
import { DynamoAuditLog } from '@berth/store/audit-log'
import { createDynamoClient } from '@berth/store/client'

/** The audit trail the end of an operation is recorded in, and where a failed record is told. */
export const auditParts = (config: Config): StepDeps<'audit' | 'warn'> => {
  const db = createDynamoClient({
    endpoint: config.BERTH_DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
  })
  const logger = createLogger('berth-workflow', config.BERTH_LOG_LEVEL)
  return {
    audit: new DynamoAuditLog(db, config.BERTH_TABLE_NAME, {
      retentionDays: config.BERTH_AUDIT_RETENTION_DAYS,
    }),
    warn: (message, details) => logger.warn(message, details),
  }
}
