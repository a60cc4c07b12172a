import { randomBytes, randomUUID } from 'node:crypto'
import { AwsServiceError } from '@berth/aws/errors'
import { Kms } from '@berth/aws/kms'
import {
  type FakeAnswer,
  type FakeAws,
  type SeenRequest,
  startFakeAws,
} from '@berth/aws/test-support'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SecretBoxError } from './errors'
import { KmsSecretBox } from './kms-secret-box'

const KEY_ID = 'arn:aws:kms:eu-west-1:111122223333:key/berth-test'
const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }

/** What a sealed value made by the AWS SDK version of KmsSecretBox looks like, for these. */
const GOLDEN = {
  key: Buffer.alloc(32, 7),
  blob: Buffer.from('golden-wrapped-data-key-0123456789'),
  context: { cluster: 'c1', project: 'p1' },
  sealed:
    'berth-secret:v1:kms:Z29sZGVuLXdyYXBwZWQtZGF0YS1rZXktMDEyMzQ1Njc4OQ:PX9C41DtBWKDyvIK:iO3IuuLSradCYiGIRg:boSEmuFQlb7vSOVvWzvcgA',
}

const kmsError = (type: string, message = type): FakeAnswer => ({
  status: 400,
  body: { __type: type, message },
})

/**
 * A stand-in for KMS over loopback HTTP, speaking its JSON protocol: a data key is wrapped into
 * an opaque blob that unwraps only with the encryption context it was generated under.
 */
const fakeKms = async (override?: (r: SeenRequest) => FakeAnswer | undefined) => {
  const wrapped = new Map<string, { key: Buffer; context: string }>([
    [GOLDEN.blob.toString('base64'), { key: GOLDEN.key, context: JSON.stringify(GOLDEN.context) }],
  ])
  const fake = await startFakeAws((r) => {
    const o = override?.(r)
    if (o) return o
    if (r.headers['content-type'] !== 'application/x-amz-json-1.1') return kmsError('Unsupported')
    if (r.headers['x-amz-target'] === 'TrentService.GenerateDataKey') {
      const key = randomBytes(32)
      const blob = Buffer.from(`wrapped-${randomUUID()}`).toString('base64')
      wrapped.set(blob, { key, context: JSON.stringify(r.json.EncryptionContext) })
      return { body: { KeyId: KEY_ID, Plaintext: key.toString('base64'), CiphertextBlob: blob } }
    }
    if (r.headers['x-amz-target'] === 'TrentService.Decrypt') {
      const entry = wrapped.get(String(r.json.CiphertextBlob))
      if (!entry || entry.context !== JSON.stringify(r.json.EncryptionContext)) {
        return kmsError('InvalidCiphertextException')
      }
      return { body: { KeyId: KEY_ID, Plaintext: entry.key.toString('base64') } }
    }
    return kmsError('UnknownOperationException')
  })
  opened.push(fake)
  const client = new Kms({
    region: 'eu-west-1',
    endpoint: fake.endpoint,
    credentials: CREDENTIALS,
    maxAttempts: 2,
  })
  return { fake, client, box: new KmsSecretBox({ client, keyId: KEY_ID }) }
}

const opened: FakeAws[] = []
afterEach(async () => {
  for (const f of opened.splice(0)) await f.close()
})

describe('Class: KmsSecretBox', () => {
  it('asks KMS for a fresh AES-256 data key per seal, under the context', async () => {
    // Prepare
    const { fake, box } = await fakeKms()
    const context = { cluster: 'c1', project: 'p1' }
    // Act
    const a = await box.seal('secret-a', context)
    const b = await box.seal('secret-a', context)
    // Assess
    expect(fake.requests.map((r) => r.headers['x-amz-target'])).toEqual([
      'TrentService.GenerateDataKey',
      'TrentService.GenerateDataKey',
    ])
    for (const r of fake.requests) {
      expect(r.json).toEqual({ KeyId: KEY_ID, KeySpec: 'AES_256', EncryptionContext: context })
    }
    expect(a).toMatch(/^berth-secret:v1:kms:/)
    expect(a.split(':')[3]).not.toBe(b.split(':')[3])
  })

  it('opens with KMS Decrypt under the same context, sending the wrapped key as base64', async () => {
    const { fake, box } = await fakeKms()
    const sealed = await box.seal('app-cred-secret', { cluster: 'c1' })
    await expect(box.open(sealed, { cluster: 'c1' })).resolves.toBe('app-cred-secret')
    const decrypt = fake.requests[1]
    expect(decrypt?.headers['x-amz-target']).toBe('TrentService.Decrypt')
    expect(decrypt?.json).toEqual({
      KeyId: KEY_ID,
      CiphertextBlob: Buffer.from(sealed.split(':')[3] ?? '', 'base64url').toString('base64'),
      EncryptionContext: { cluster: 'c1' },
    })
  })

  it('sends no encryption context when there is none', async () => {
    const { fake, box } = await fakeKms()
    await box.open(await box.seal('s', {}), {})
    expect(fake.requests.map((r) => 'EncryptionContext' in r.json)).toEqual([false, false])
  })

  it('opens what the AWS SDK version sealed, byte for byte the same format', async () => {
    const { fake, box } = await fakeKms((r) =>
      r.operation === 'GenerateDataKey'
        ? {
            body: {
              Plaintext: GOLDEN.key.toString('base64'),
              CiphertextBlob: GOLDEN.blob.toString('base64'),
            },
          }
        : undefined
    )
    await expect(box.open(GOLDEN.sealed, GOLDEN.context)).resolves.toBe('golden-secret')
    expect(fake.requests[0]?.json.CiphertextBlob).toBe(GOLDEN.blob.toString('base64'))
    // Sealing with the same data key gives the same layout; only the random IV differs.
    const sealed = await box.seal('golden-secret', GOLDEN.context)
    const [prefix, version, kind, keyRef, , ciphertext, tag] = sealed.split(':')
    const golden = GOLDEN.sealed.split(':')
    expect([prefix, version, kind, keyRef]).toEqual(golden.slice(0, 4))
    expect([ciphertext?.length, tag?.length]).toEqual([golden[5]?.length, golden[6]?.length])
  })

  it('keeps plaintext data keys in memory only, and wipes them after use', async () => {
    // Prepare
    const { client, box } = await fakeKms()
    const generated = vi.spyOn(client, 'generateDataKey')
    const decrypted = vi.spyOn(client, 'decrypt')
    // Act
    const sealed = await box.seal('app-cred-secret', { cluster: 'c1' })
    await box.open(sealed, { cluster: 'c1' })
    // Assess
    const keys = await Promise.all(
      [...generated.mock.results, ...decrypted.mock.results].map(async (r) => {
        const out = (await r.value) as { Plaintext?: Uint8Array }
        return out.Plaintext
      })
    )
    expect(keys).toHaveLength(2)
    for (const key of keys) {
      expect(key?.length).toBe(32)
      // Its own memory, not a view of Buffer's shared pool where another copy would remain.
      expect(key?.buffer.byteLength).toBe(32)
      expect(key?.every((byte) => byte === 0)).toBe(true)
    }
    expect(sealed).not.toContain('app-cred-secret')
  })

  it('does not open under another context, neither at KMS nor locally', async () => {
    const { box } = await fakeKms()
    const sealed = await box.seal('s', { cluster: 'c1' })
    await expect(box.open(sealed, { cluster: 'c2' })).rejects.toBeInstanceOf(SecretBoxError)
    await expect(box.open(sealed, { cluster: 'c2' })).rejects.toThrow(/with this context/)
  })

  it('does not open a tampered ciphertext even when KMS returns the key', async () => {
    const { box } = await fakeKms()
    const sealed = await box.seal('s3cret', { cluster: 'c1' })
    const parts = sealed.split(':')
    parts[5] = Buffer.from(Buffer.from(parts[5] as string, 'base64url').map((b) => b ^ 1)).toString(
      'base64url'
    )
    await expect(box.open(parts.join(':'), { cluster: 'c1' })).rejects.toThrow(/does not open/)
  })

  it('lets other KMS failures through as typed errors, after the client’s retries', async () => {
    let throttle = false
    const { fake, box } = await fakeKms((r) =>
      throttle && r.operation === 'Decrypt'
        ? kmsError('ThrottlingException', 'Rate exceeded')
        : undefined
    )
    const sealed = await box.seal('s', { cluster: 'c1' })
    throttle = true
    const e = await box.open(sealed, { cluster: 'c1' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AwsServiceError)
    expect(e).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      retryable: true,
    })
    expect(fake.requests.filter((r) => r.operation === 'Decrypt')).toHaveLength(2)
  })

  it('refuses a locally sealed value', async () => {
    const { box } = await fakeKms()
    await expect(
      box.open(
        'berth-secret:v1:local:0011223344556677:AAAAAAAAAAAAAAAA::AAAAAAAAAAAAAAAAAAAAAA',
        {}
      )
    ).rejects.toThrow(/sealed with 'local'/)
  })
})
