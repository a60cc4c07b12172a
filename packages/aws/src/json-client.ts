import { AwsV4Signer } from 'aws4fetch'
import { type CredentialSource, resolveCredentials } from './credentials'
import { serviceEndpoint } from './endpoint'
import { AwsServiceError } from './errors'
import {
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF,
  isRetryable,
  isThrottling,
  RetryQuota,
} from './retry'
import { KeepAliveTransport, type WireAnswer } from './transport'

/** A JSON object as it goes over the wire. */
export type JsonObject = Record<string, unknown>

/** One operation call, as middleware sees it: the wire input, before marshalling is undone. */
export interface AwsCall {
  operation: string
  input: JsonObject
}

/**
 * Wraps every call of a client once (retries included, like the SDK's initialize step): it may
 * read or change the input, observe the output or the error, or answer without sending.
 */
export type AwsMiddleware = (
  call: AwsCall,
  next: (call: AwsCall) => Promise<JsonObject>
) => Promise<JsonObject>

export interface AwsJsonClientOptions {
  /** Signing name and endpoint prefix: dynamodb, kms, states. */
  service: string
  /** X-Amz-Target is `<targetPrefix>.<Operation>`: DynamoDB_20120810, TrentService… */
  targetPrefix: string
  /** The protocol's version, as in Content-Type application/x-amz-json-<version>. */
  jsonVersion: '1.0' | '1.1'
  region: string
  /** Another server speaking the protocol (DynamoDB Local, a test fake); absent ⇒ AWS. */
  endpoint?: string | undefined
  /** Absent ⇒ the environment's, read before every attempt. */
  credentials?: CredentialSource | undefined
  /** Attempts per call, the first included. Defaults to 3. */
  maxAttempts?: number | undefined
  /** Milliseconds one attempt may take, connecting and reading the answer included. */
  timeoutMs?: number | undefined
  backoff?: Partial<BackoffOptions> | undefined
}

/** KMS and Step Functions answer in milliseconds; three attempts stay inside API Gateway's 29 s. */
const DEFAULT_TIMEOUT_MS = 5_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const parseJson = (text: string): JsonObject | undefined => {
  if (text.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as JsonObject)
      : undefined
  } catch {
    return undefined
  }
}

/** `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` or `Code:http://…` → the code. */
const bareCode = (raw: string): string => raw.split(':')[0]?.split('#').pop()?.trim() ?? ''

const textField = (body: JsonObject, ...names: string[]): string | undefined => {
  for (const n of names) if (typeof body[n] === 'string') return body[n]
  return undefined
}

/**
 * A client for AWS's JSON protocol (DynamoDB, KMS, Step Functions…): every operation is a POST
 * of a JSON body to the service's root, named by X-Amz-Target, signed with SigV4. Failed
 * attempts are retried as the SDK's standard mode does; what finally fails is an
 * {@link AwsServiceError}.
 * @example
 * const kms = new AwsJsonClient({ service: 'kms', targetPrefix: 'TrentService', jsonVersion: '1.1', region })
 * const out = await kms.call('Decrypt', { CiphertextBlob: blob })
 */
export class AwsJsonClient {
  private readonly url: string
  private readonly middleware: AwsMiddleware[] = []
  /** Derived signing keys, one per day, region and service: the signer fills it. */
  private readonly keyCache = new Map<string, ArrayBuffer>()
  private readonly backoff: BackoffOptions
  private readonly transport = new KeepAliveTransport()
  private readonly quota = new RetryQuota()

  constructor(private readonly options: AwsJsonClientOptions) {
    this.url = options.endpoint ?? `${serviceEndpoint(options.service, options.region)}/`
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff }
  }

  /** Adds middleware (outermost first); returns the function that removes it. */
  use(middleware: AwsMiddleware): () => void {
    this.middleware.push(middleware)
    return () => {
      const at = this.middleware.indexOf(middleware)
      if (at >= 0) this.middleware.splice(at, 1)
    }
  }

  /**
   * Sends one operation. The output is the service's JSON as is: its shape is the service's
   * contract, typed by the caller, not checked here.
   */
  async call<O = JsonObject>(operation: string, input: object): Promise<O> {
    const chain = [...this.middleware]
    const run = (at: number, c: AwsCall): Promise<JsonObject> => {
      const mw = chain[at]
      return mw ? mw(c, (next) => run(at + 1, next)) : this.send(c)
    }
    return (await run(0, { operation, input: { ...input } })) as O
  }

  private async send({ operation, input }: AwsCall): Promise<JsonObject> {
    const target = `${this.options.targetPrefix}.${operation}`
    const body = JSON.stringify(input)
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 3)
    let drawn: number | undefined
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await this.attempt(target, body)
        this.quota.release(drawn)
        return output
      } catch (e) {
        if (!(e instanceof AwsServiceError) || !e.retryable || attempt >= maxAttempts) throw e
        drawn = this.quota.acquire(e.name === 'TimeoutError')
        // An empty quota means the service has been failing for many calls: fail fast.
        if (drawn === undefined) throw e
        await sleep(backoffDelay(attempt, isThrottling(e.name, e.status), this.backoff))
      }
    }
  }

  /** One signed POST; resolves with the output or rejects with an AwsServiceError. */
  private async attempt(target: string, body: string): Promise<JsonObject> {
    // Credential errors are not the service's and are never retried: they escape as they are.
    const credentials = resolveCredentials(this.options.credentials)
    const signed = await new AwsV4Signer({
      method: 'POST',
      url: this.url,
      headers: {
        'content-type': `application/x-amz-json-${this.options.jsonVersion}`,
        'x-amz-target': target,
      },
      body,
      ...credentials,
      service: this.options.service,
      region: this.options.region,
      cache: this.keyCache,
    }).sign()
    let status = 0
    let text: string
    let answer: WireAnswer
    try {
      answer = await this.transport.post(
        signed.url.toString(),
        Object.fromEntries(signed.headers),
        body,
        this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS
      )
      status = answer.status
      text = answer.text
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')
      const name = timedOut ? 'TimeoutError' : 'NetworkingError'
      const why = timedOut ? 'timed out' : `failed: ${(e as Error).message}`
      throw new AwsServiceError({
        name,
        message: `${target} ${why}${status ? ` (HTTP ${status})` : ''}`,
        status: 0,
        retryable: isRetryable(name, 0),
        target,
        cause: e,
      })
    }
    const json = parseJson(text)
    const expectedCrc = answer.header('x-amz-crc32')
    if (expectedCrc !== undefined && Number(expectedCrc) !== answer.crc32()) {
      // DynamoDB signs its answers' bodies with a CRC32: a mismatch is a damaged answer.
      throw new AwsServiceError({
        name: 'CRC32CheckFailed',
        message: `${target}: the answer's CRC32 does not match its x-amz-crc32 header`,
        status,
        retryable: true,
        target,
      })
    }
    if (status >= 200 && status < 300 && json) return json
    const errorBody = json ?? {}
    const typed = textField(errorBody, '__type', 'code') ?? answer.header('x-amzn-errortype') ?? ''
    const name =
      bareCode(typed) ||
      (status < 300 ? 'InvalidResponseError' : json ? 'UnknownError' : `Http${status}Error`)
    throw new AwsServiceError({
      name,
      message: textField(errorBody, 'message', 'Message') ?? `${target}: HTTP ${status}`,
      status,
      body: errorBody,
      retryable: isRetryable(name, status),
      target,
    })
  }
}
