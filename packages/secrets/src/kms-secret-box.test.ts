import { randomBytes, randomUUID } from 'node:crypto'
import {
  DecryptCommand,
  GenerateDataKeyCommand,
  InvalidCiphertextException,
  KMSClient,
  KMSServiceException,
} from '@aws-sdk/client-kms'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { SecretBoxError } from './errors'
import { KmsSecretBox } from './kms-secret-box'

const KEY_ID = 'arn:aws:kms:eu-west-1:111122223333:key/berth-test'
const kms = mockClient(KMSClient)

/**
 * A stand-in for KMS: a data key is wrapped into an opaque id that unwraps only with the
 * encryption context it was generated under. Every plaintext key handed out is remembered,
 * with a copy, so tests can check it was wiped and never written into a sealed text.
 */
const fakeKms = () => {
  const wrapped = new Map<string, { key: Buffer; context: string }>()
  const issued: { handedOut: Uint8Array; copy: Buffer }[] = []
  const handOut = (key: Buffer) => {
    const handedOut = new Uint8Array(key)
    issued.push({ handedOut, copy: Buffer.from(key) })
    return handedOut
  }
  kms.on(GenerateDataKeyCommand).callsFake((input) => {
    const key = randomBytes(32)
    const blob = Buffer.from(`wrapped-${randomUUID()}`)
    wrapped.set(blob.toString('hex'), { key, context: JSON.stringify(input.EncryptionContext) })
    return { KeyId: KEY_ID, Plaintext: handOut(key), CiphertextBlob: new Uint8Array(blob) }
  })
  kms.on(DecryptCommand).callsFake((input) => {
    const entry = wrapped.get(Buffer.from(input.CiphertextBlob).toString('hex'))
    if (!entry || entry.context !== JSON.stringify(input.EncryptionContext)) {
      throw new InvalidCiphertextException({ message: 'InvalidCiphertextException', $metadata: {} })
    }
    return { KeyId: KEY_ID, Plaintext: handOut(entry.key) }
  })
  return { issued }
}

const box = () =>
  new KmsSecretBox({ client: new KMSClient({ region: 'eu-west-1' }), keyId: KEY_ID })

beforeEach(() => {
  kms.reset()
})

describe('Class: KmsSecretBox', () => {
  it('asks KMS for a fresh AES-256 data key per seal, under the context', async () => {
    // Prepare
    fakeKms()
    const context = { cluster: 'c1', project: 'p1' }
    // Act
    const a = await box().seal('secret-a', context)
    const b = await box().seal('secret-a', context)
    // Assess
    const calls = kms.commandCalls(GenerateDataKeyCommand)
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      expect(call.args[0].input).toEqual({
        KeyId: KEY_ID,
        KeySpec: 'AES_256',
        EncryptionContext: context,
      })
    }
    expect(a).toMatch(/^berth-secret:v1:kms:/)
    expect(a.split(':')[3]).not.toBe(b.split(':')[3])
  })

  it('opens with KMS Decrypt under the same context', async () => {
    fakeKms()
    const sealed = await box().seal('app-cred-secret', { cluster: 'c1' })
    await expect(box().open(sealed, { cluster: 'c1' })).resolves.toBe('app-cred-secret')
    const [call] = kms.commandCalls(DecryptCommand)
    expect(call?.args[0].input.EncryptionContext).toEqual({ cluster: 'c1' })
    expect(call?.args[0].input.KeyId).toBe(KEY_ID)
  })

  it('keeps plaintext data keys in memory only, and wipes them after use', async () => {
    // Prepare
    const { issued } = fakeKms()
    // Act
    const sealed = await box().seal('app-cred-secret', { cluster: 'c1' })
    await box().open(sealed, { cluster: 'c1' })
    // Assess
    expect(issued).toHaveLength(2)
    for (const { handedOut, copy } of issued) {
      for (const encoding of ['base64', 'base64url', 'hex'] as const) {
        expect(sealed).not.toContain(copy.toString(encoding))
      }
      expect(handedOut.every((byte) => byte === 0)).toBe(true)
    }
    expect(sealed).not.toContain('app-cred-secret')
  })

  it('does not open under another context, neither at KMS nor locally', async () => {
    fakeKms()
    const sealed = await box().seal('s', { cluster: 'c1' })
    await expect(box().open(sealed, { cluster: 'c2' })).rejects.toBeInstanceOf(SecretBoxError)
    await expect(box().open(sealed, { cluster: 'c2' })).rejects.toThrow(/with this context/)
  })

  it('does not open a tampered ciphertext even when KMS returns the key', async () => {
    fakeKms()
    const sealed = await box().seal('s3cret', { cluster: 'c1' })
    const parts = sealed.split(':')
    parts[5] = Buffer.from(Buffer.from(parts[5] as string, 'base64url').map((b) => b ^ 1)).toString(
      'base64url'
    )
    await expect(box().open(parts.join(':'), { cluster: 'c1' })).rejects.toThrow(/does not open/)
  })

  it('lets other KMS failures through unchanged, for the caller to retry', async () => {
    fakeKms()
    const sealed = await box().seal('s', { cluster: 'c1' })
    const throttled = new KMSServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: {},
      message: 'Rate exceeded',
    })
    kms.on(DecryptCommand).rejects(throttled)
    await expect(box().open(sealed, { cluster: 'c1' })).rejects.toBe(throttled)
  })

  it('refuses a locally sealed value', async () => {
    fakeKms()
    await expect(
      box().open(
        'berth-secret:v1:local:0011223344556677:AAAAAAAAAAAAAAAA::AAAAAAAAAAAAAAAAAAAAAA',
        {}
      )
    ).rejects.toThrow(/sealed with 'local'/)
  })
})
