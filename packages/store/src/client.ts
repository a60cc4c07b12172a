import { DynamoDb } from '@berth/aws/dynamodb'

export interface DynamoClientOptions {
  /** DynamoDB Local (or another compatible server); absent ⇒ AWS in `region`. */
  endpoint?: string | undefined
  region: string
  /** Attempts per request, first included. Defaults to 3. */
  maxAttempts?: number
  /** Milliseconds one attempt may take, connecting included. Defaults to 4 s. */
  timeoutMs?: number
}

type ClientHook = (db: DynamoDb) => void
const hooks = new Set<ClientHook>()

/**
 * Opt-in: `hook` sees every client made from now on, e.g. to add middleware that counts
 * requests (`npm run bench:lifecycle`). Returns the function that removes it again.
 */
export const onDynamoClient = (hook: ClientHook): (() => void) => {
  hooks.add(hook)
  return () => {
    hooks.delete(hook)
  }
}

/**
 * DynamoDB Local accepts any credentials whose key id is letters and digits only; fixed ones
 * mean a developer or CI needs no AWS configuration.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'berthlocal', secretAccessKey: 'berthlocal' }

/**
 * The DynamoDB client the store works with: items as plain values, and table management.
 *
 * Timeouts are short because DynamoDB answers in milliseconds and a Lambda behind API Gateway
 * has ~29 s in all: three attempts of at most 4 s each stay well inside it, where no timeout
 * could hang a request until the Lambda is killed.
 * @example
 * const db = createDynamoClient({ endpoint: 'http://127.0.0.1:8000', region: 'us-east-1' })
 */
export const createDynamoClient = (options: DynamoClientOptions): DynamoDb => {
  const db = new DynamoDb({
    region: options.region,
    endpoint: options.endpoint,
    maxAttempts: options.maxAttempts ?? 3,
    timeoutMs: options.timeoutMs ?? 4_000,
    // On AWS the Lambda role's credentials, from the environment; locally fixed ones.
    ...(options.endpoint ? { credentials: LOCAL_CREDENTIALS } : {}),
  })
  for (const hook of hooks) hook(db)
  return db
}
