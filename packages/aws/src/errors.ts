/**
 * What an AWS call ended with when it did not succeed: the service's error (a JSON body with
 * `__type`), or, with `status` 0, no answer at all (the connection failed or the attempt timed
 * out). `name` is the bare error code, so callers compare it with the names AWS documents.
 */
export class AwsServiceError extends Error {
  override readonly name: string
  /** HTTP status of the answer; 0 when there was none. */
  readonly status: number
  /** The parsed error body: service-specific fields (DynamoDB's CancellationReasons, Item). */
  readonly body: Readonly<Record<string, unknown>>
  /** Whether the error is of a kind the client retries (it was, if attempts were left). */
  readonly retryable: boolean
  /** The service's target name, e.g. DynamoDB_20120810.PutItem. */
  readonly target: string

  constructor(fields: {
    name: string
    message: string
    status: number
    body?: Readonly<Record<string, unknown>>
    retryable: boolean
    target: string
    cause?: unknown
  }) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause })
    this.name = fields.name
    this.status = fields.status
    this.body = fields.body ?? {}
    this.retryable = fields.retryable
    this.target = fields.target
  }
}

/**
 * Whether `e` is an AWS error, of one of `names` when given.
 * @example
 * if (isAwsError(e, 'ConditionalCheckFailedException')) throw new ConflictError(...)
 */
export const isAwsError = (e: unknown, ...names: string[]): e is AwsServiceError =>
  e instanceof AwsServiceError && (names.length === 0 || names.includes(e.name))

/** No credentials were found where the client looks for them. Never retried. */
export class AwsCredentialsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CredentialsProviderError'
  }
}
