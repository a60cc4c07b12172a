import { createServer } from 'node:net'
import type { DynamoDb } from '@berth/aws/dynamodb'
import {
  PortInUseError,
  type RunningDynamoDbLocal,
  startDynamoDbLocal,
} from '@berth/local/dynamodb-local/launcher'
import { createDynamoClient } from './client'

/**
 * Test support (not exported from the barrel): a private, in-memory DynamoDB Local on a free
 * loopback port, with a client pointed at it.
 */
export interface TestDynamo {
  db: DynamoDb
  endpoint: string
  stop(): Promise<void>
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })

export const startTestDynamo = async (): Promise<TestDynamo> => {
  let running: RunningDynamoDbLocal | undefined
  // The port is free when picked but another process may take it before Java binds it.
  for (let attempt = 0; !running; attempt++) {
    try {
      running = await startDynamoDbLocal({ port: await freePort() })
    } catch (e) {
      if (!(e instanceof PortInUseError) || attempt >= 3) throw e
    }
  }
  const ddb = running
  return {
    db: createDynamoClient({ endpoint: ddb.endpoint, region: 'us-east-1' }),
    endpoint: ddb.endpoint,
    stop: () => ddb.stop(),
  }
}

/** The DynamoDB operations (GetItem, Query…) `fn` sends through `db`, in order. */
export const operationsOf = async (db: DynamoDb, fn: () => Promise<unknown>): Promise<string[]> => {
  const sent: string[] = []
  const remove = db.use((call, next) => {
    sent.push(call.operation)
    return next(call)
  })
  try {
    await fn()
    return sent
  } finally {
    remove()
  }
}
