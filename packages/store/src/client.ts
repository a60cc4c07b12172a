import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

export interface DynamoClientOptions {
  /** DynamoDB Local (or another compatible server); absent ⇒ AWS in `region`. */
  endpoint?: string
  region: string
  /** Attempts per request, first included. Defaults to 3. */
  maxAttempts?: number
  /** Milliseconds to open a connection. Defaults to 1 s. */
  connectionTimeoutMs?: number
  /** Milliseconds a request may wait for a response. Defaults to 3 s. */
  requestTimeoutMs?: number
}

export interface DynamoClients {
  client: DynamoDBClient
  doc: DynamoDBDocumentClient
}

type ClientsHook = (clients: DynamoClients) => void
const hooks = new Set<ClientsHook>()

/**
 * Opt-in: `hook` sees every pair of clients made from now on, e.g. to add SDK middleware that
 * counts requests (`npm run bench:lifecycle`). Returns the function that removes it again.
 */
export const onDynamoClients = (hook: ClientsHook): (() => void) => {
  hooks.add(hook)
  return () => {
    hooks.delete(hook)
  }
}

/**
 * DynamoDB Local accepts any credentials whose key id is letters and digits only; fixed ones
 * mean a developer or CI needs no AWS configuration and the SDK never walks the default
 * provider chain (which can stall on the instance metadata service).
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'berthlocal', secretAccessKey: 'berthlocal' }

/**
 * The low-level client (table management) and the document client (items) over it.
 *
 * Timeouts are short because DynamoDB answers in milliseconds and a Lambda behind API Gateway
 * has ~29 s in all: three attempts of at most 1 s + 3 s each stay well inside it, where the
 * SDK's default (no request timeout) could hang a request until the Lambda is killed.
 * @example
 * const { client, doc } = createDynamoClients({ endpoint: 'http://127.0.0.1:8000', region: 'us-east-1' })
 */
export const createDynamoClients = (options: DynamoClientOptions): DynamoClients => {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs ?? 3_000,
    },
    ...(options.endpoint ? { endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  })
  const doc = DynamoDBDocumentClient.from(client, {
    // Optional domain fields may be undefined; DynamoDB has no such value, so drop them.
    marshallOptions: { removeUndefinedValues: true },
  })
  for (const hook of hooks) hook({ client, doc })
  return { client, doc }
}
