import { createServer } from 'node:net'
import {
  PortInUseError,
  type RunningDynamoDbLocal,
  startDynamoDbLocal,
} from '@berth/local/dynamodb-local/launcher'
import { createDynamoClients, type DynamoClients } from './client'

/**
 * Test support (not exported from the barrel): a private, in-memory DynamoDB Local on a free
 * loopback port, with clients pointed at it.
 */
export interface TestDynamo extends DynamoClients {
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
  const clients = createDynamoClients({ endpoint: ddb.endpoint, region: 'us-east-1' })
  return {
    ...clients,
    endpoint: ddb.endpoint,
    stop: async () => {
      clients.client.destroy()
      await ddb.stop()
    },
  }
}
