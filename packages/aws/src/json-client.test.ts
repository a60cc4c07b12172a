import { crc32 } from 'node:zlib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AwsCredentialsError, AwsServiceError } from './errors'
import { AwsJsonClient, type AwsJsonClientOptions } from './json-client'
import {
  checkSigV4,
  type FakeAnswer,
  type FakeAws,
  type SeenRequest,
  startFakeAws,
} from './test-support'

const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }
let fake: FakeAws | undefined

afterEach(async () => {
  await fake?.close()
  fake = undefined
  vi.unstubAllEnvs()
})

/** A DynamoDB-like client against a fake answering each request in turn from `answers`. */
const serve = async (
  answers: (FakeAnswer | ((r: SeenRequest) => FakeAnswer | Promise<FakeAnswer>))[],
  options: Partial<AwsJsonClientOptions> = {}
) => {
  let n = 0
  fake = await startFakeAws((r) => {
    const a = answers[Math.min(n++, answers.length - 1)] ?? {}
    return typeof a === 'function' ? a(r) : a
  })
  const client = new AwsJsonClient({
    service: 'dynamodb',
    targetPrefix: 'DynamoDB_20120810',
    jsonVersion: '1.0',
    region: 'eu-west-1',
    endpoint: fake.endpoint,
    credentials: CREDENTIALS,
    backoff: { baseDelayMs: 5, throttlingBaseDelayMs: 5 },
    ...options,
  })
  return { client, requests: fake.requests }
}

const awsError = (status: number, type: string, message = 'no') => ({
  status,
  body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message },
})

const failure = async (p: Promise<unknown>): Promise<AwsServiceError> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  if (!(e instanceof AwsServiceError)) throw new Error(`expected an AwsServiceError, got ${e}`)
  return e
}

describe('AwsJsonClient: the request', () => {
  it('POSTs the input as JSON to the root, named by X-Amz-Target, signed with SigV4', async () => {
    const { client, requests } = await serve([{ body: { Item: { a: { S: 'x' } } } }])
    const out = await client.call('GetItem', { TableName: 't', Key: { PK: { S: 'p' } } })
    expect(out).toEqual({ Item: { a: { S: 'x' } } })
    const [r] = requests
    if (!r) throw new Error('no request')
    expect(r.method).toBe('POST')
    expect(r.path).toBe('/')
    expect(r.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem')
    expect(r.headers['content-type']).toBe('application/x-amz-json-1.0')
    expect(r.json).toEqual({ TableName: 't', Key: { PK: { S: 'p' } } })
    expect(r.headers['x-amz-security-token']).toBeUndefined()
    const sig = checkSigV4(r, CREDENTIALS.secretAccessKey)
    const day = String(r.headers['x-amz-date']).slice(0, 8)
    expect(sig.accessKeyId).toBe('AKIDTEST')
    expect(sig.scope).toBe(`${day}/eu-west-1/dynamodb/aws4_request`)
    expect(sig.signedHeaders).toEqual(
      expect.arrayContaining(['host', 'x-amz-date', 'x-amz-target'])
    )
    expect(sig.valid).toBe(true)
    // The same check must catch a signature made with another key.
    expect(checkSigV4(r, 'another-secret').valid).toBe(false)
  })

  it('sends and signs the session token, and says JSON 1.1 for services that use it', async () => {
    const { client, requests } = await serve([{}], {
      service: 'kms',
      targetPrefix: 'TrentService',
      jsonVersion: '1.1',
      region: 'cn-north-1',
      credentials: { ...CREDENTIALS, sessionToken: 'session-token' },
    })
    await client.call('Decrypt', {})
    const [r] = requests
    if (!r) throw new Error('no request')
    expect(r.headers['content-type']).toBe('application/x-amz-json-1.1')
    expect(r.headers['x-amz-target']).toBe('TrentService.Decrypt')
    expect(r.headers['x-amz-security-token']).toBe('session-token')
    const sig = checkSigV4(r, CREDENTIALS.secretAccessKey)
    expect(sig.signedHeaders).toContain('x-amz-security-token')
    expect(sig.scope).toMatch(/^\d{8}\/cn-north-1\/kms\/aws4_request$/)
    expect(sig.valid).toBe(true)
  })

  it('reads the environment’s credentials on every call, so rotated ones are used', async () => {
    const { client, requests } = await serve([{}], { credentials: undefined })
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFIRST')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'first-secret')
    vi.stubEnv('AWS_SESSION_TOKEN', 'first-token')
    await client.call('DescribeTable', {})
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDSECOND')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'second-secret')
    vi.stubEnv('AWS_SESSION_TOKEN', 'second-token')
    await client.call('DescribeTable', {})
    const [first, second] = requests.map((r, i) =>
      checkSigV4(r, i === 0 ? 'first-secret' : 'second-secret')
    )
    expect([first?.accessKeyId, second?.accessKeyId]).toEqual(['AKIDFIRST', 'AKIDSECOND'])
    expect([first?.valid, second?.valid]).toEqual([true, true])
    expect(requests.map((r) => r.headers['x-amz-security-token'])).toEqual([
      'first-token',
      'second-token',
    ])
  })

  it('refuses plainly, sending nothing, when the environment has no credentials', async () => {
    const { client, requests } = await serve([{}], { credentials: undefined })
    vi.stubEnv('AWS_ACCESS_KEY_ID', '')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '')
    await expect(client.call('DescribeTable', {})).rejects.toBeInstanceOf(AwsCredentialsError)
    expect(requests).toHaveLength(0)
  })
})

describe('AwsJsonClient: retries', () => {
  it('retries a 500, a throttling error and a dropped connection, then succeeds', async () => {
    const { client, requests } = await serve(
      [
        awsError(500, 'InternalServerError'),
        awsError(400, 'ProvisionedThroughputExceededException'),
        'drop',
        { body: { ok: true } },
      ],
      { maxAttempts: 4 }
    )
    await expect(client.call('PutItem', { n: 1 })).resolves.toEqual({ ok: true })
    expect(requests).toHaveLength(4)
    // Each attempt sends the same request, signed afresh.
    expect(new Set(requests.map((r) => r.body))).toEqual(new Set(['{"n":1}']))
    for (const r of requests) expect(checkSigV4(r, CREDENTIALS.secretAccessKey).valid).toBe(true)
  })

  it.each([
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 400],
    ['TooManyRequestsException', 429],
    ['ServiceUnavailable', 503],
  ])('gives up on %s after three attempts with a typed, retryable error', async (type, status) => {
    const { client, requests } = await serve([awsError(status, type, 'slow down')])
    const e = await failure(client.call('Query', {}))
    expect(requests).toHaveLength(3)
    expect(e).toMatchObject({ name: type, message: 'slow down', status, retryable: true })
    expect(e.target).toBe('DynamoDB_20120810.Query')
  })

  it('gives up on a connection that keeps dropping with a NetworkingError', async () => {
    const { client, requests } = await serve(['drop'], { maxAttempts: 2 })
    const e = await failure(client.call('GetItem', {}))
    expect(requests).toHaveLength(2)
    expect(e).toMatchObject({ name: 'NetworkingError', status: 0, retryable: true })
    expect(e.cause).toBeInstanceOf(Error)
  })

  it.each(['ValidationException', 'ConditionalCheckFailedException', 'ResourceNotFoundException'])(
    'does not retry %s, and keeps its body',
    async (type) => {
      const { client, requests } = await serve([
        { status: 400, body: { __type: `x#${type}`, Message: 'refused', Item: { a: { N: '1' } } } },
      ])
      const e = await failure(client.call('PutItem', {}))
      expect(requests).toHaveLength(1)
      expect(e).toMatchObject({ name: type, message: 'refused', status: 400, retryable: false })
      expect(e.body.Item).toEqual({ a: { N: '1' } })
    }
  )

  it('times an attempt out and retries it, within the attempts allowed', async () => {
    const slow = () =>
      new Promise<FakeAnswer>((resolve) => setTimeout(() => resolve({ body: {} }), 1_500))
    const { client, requests } = await serve([slow], { timeoutMs: 100, maxAttempts: 2 })
    const started = Date.now()
    const e = await failure(client.call('GetItem', {}))
    expect(e).toMatchObject({ name: 'TimeoutError', status: 0, retryable: true })
    expect(requests).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('names the error from x-amzn-ErrorType when the body does not', async () => {
    const { client } = await serve([
      {
        status: 400,
        body: { message: 'bad' },
        headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/x/' },
      },
    ])
    expect(await failure(client.call('PutItem', {}))).toMatchObject({
      name: 'ValidationException',
      retryable: false,
    })
  })

  it('names an answer that is not JSON by its status, retrying a 5xx', async () => {
    const { client, requests } = await serve([
      { status: 502, text: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } },
    ])
    const e = await failure(client.call('GetItem', {}))
    expect(e).toMatchObject({ name: 'Http502Error', status: 502, retryable: true })
    expect(requests).toHaveLength(3)
  })
})

describe('AwsJsonClient: answer integrity (x-amz-crc32)', () => {
  const body = '{"Item":{"a":{"S":"x"}}}'
  const crcOf = (text: string) => String(crc32(Buffer.from(text, 'utf8')))

  it('checks the body against the header: a match passes, a mismatch is retried', async () => {
    // 3421780262 is CRC-32's published check value for "123456789".
    expect(crcOf('123456789')).toBe('3421780262')
    const { client, requests } = await serve([
      { text: body, headers: { 'x-amz-crc32': '12345' } },
      { text: body, headers: { 'x-amz-crc32': crcOf(body) } },
    ])
    expect(await client.call('GetItem', {})).toEqual({ Item: { a: { S: 'x' } } })
    expect(requests).toHaveLength(2)
  })

  it('fails with CRC32CheckFailed when every answer is damaged', async () => {
    const { client, requests } = await serve([{ text: body, headers: { 'x-amz-crc32': '1' } }])
    const e = await failure(client.call('GetItem', {}))
    expect(e).toMatchObject({ name: 'CRC32CheckFailed', retryable: true })
    expect(requests).toHaveLength(3)
  })

  it('takes an answer without the header as it is (KMS and Step Functions send none)', async () => {
    const { client } = await serve([{ text: body }])
    expect(await client.call('GetItem', {})).toEqual({ Item: { a: { S: 'x' } } })
  })
})

describe('AwsJsonClient: retry quota', () => {
  it('stops retrying once a failing service has drained the quota, and refills on success', async () => {
    let failing = true
    const { client, requests } = await serve(
      [() => (failing ? awsError(500, 'InternalServerError') : { body: {} })],
      { backoff: { baseDelayMs: 0, throttlingBaseDelayMs: 0 } }
    )
    // 500 tokens at 5 a retry: 100 retries, two per call, then single attempts.
    for (let i = 0; i < 50; i++) await failure(client.call('GetItem', {}))
    expect(requests).toHaveLength(150)
    await failure(client.call('GetItem', {}))
    expect(requests).toHaveLength(151)
    failing = false
    await client.call('GetItem', {})
    expect(requests).toHaveLength(152)
  })
})

describe('AwsJsonClient: middleware', () => {
  it('wraps each call once, retries included, and may change the input', async () => {
    const { client, requests } = await serve([
      awsError(500, 'InternalServerError'),
      { body: { Count: 2 } },
    ])
    const seen: string[] = []
    const remove = client.use(async (call, next) => {
      seen.push(`before ${call.operation}`)
      call.input.ReturnConsumedCapacity = 'TOTAL'
      const out = await next(call)
      seen.push(`after ${String(out.Count)}`)
      return out
    })
    await client.call('Query', { TableName: 't' })
    expect(seen).toEqual(['before Query', 'after 2'])
    expect(requests.map((r) => r.json.ReturnConsumedCapacity)).toEqual(['TOTAL', 'TOTAL'])
    remove()
    await client.call('Query', { TableName: 't' })
    expect(seen).toHaveLength(2)
  })

  it('sees failures, after the retries', async () => {
    const { client } = await serve([awsError(400, 'ValidationException')])
    const errors: unknown[] = []
    client.use(async (call, next) => {
      try {
        return await next(call)
      } catch (e) {
        errors.push(e)
        throw e
      }
    })
    await expect(client.call('Query', {})).rejects.toThrow()
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(AwsServiceError)
  })
})
