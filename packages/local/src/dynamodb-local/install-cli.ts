import { ensureDynamoDbLocal } from './install'

// Run from `npm ci` (postinstall) so the first `npm start` or `npm test` need not fetch it.
ensureDynamoDbLocal(undefined, (line) => console.log(`[berth] ${line}`)).catch((e: unknown) => {
  console.error(`[berth] could not install DynamoDB Local: ${e instanceof Error ? e.message : e}`)
  process.exit(1)
})
