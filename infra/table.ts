import { sstTableArgs } from '../packages/store/src/table'
import { isProduction } from './names'

/**
 * The single table, exactly as the store describes it (keys, GSIs, TTL). Point-in-time recovery
 * always; deletion protection in production, where `removal: retain` also keeps it on removal.
 */
export const createTable = () =>
  new sst.aws.Dynamo('Table', {
    ...sstTableArgs(),
    deletionProtection: isProduction(),
    transform: {
      table: (args) => {
        args.pointInTimeRecovery = { enabled: true }
      },
    },
  })
