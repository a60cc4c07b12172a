import type { CredentialSource } from './credentials'
import { AwsJsonClient } from './json-client'

export interface KmsOptions {
  region: string
  endpoint?: string | undefined
  credentials?: CredentialSource | undefined
  maxAttempts?: number | undefined
  timeoutMs?: number | undefined
}

export interface GenerateDataKeyInput {
  KeyId: string
  KeySpec: 'AES_256' | 'AES_128'
  EncryptionContext?: Record<string, string> | undefined
}

export interface DecryptInput {
  CiphertextBlob: Uint8Array
  KeyId?: string | undefined
  EncryptionContext?: Record<string, string> | undefined
}

/**
 * Blobs travel as base64 in JSON. Decoded straight into memory of their own, not through
 * Buffer's shared pool, so a caller that wipes a plaintext key wipes its only decoded copy.
 */
const blob = (b64: unknown): Uint8Array | undefined => {
  if (typeof b64 !== 'string') return undefined
  const bytes = new Uint8Array(Buffer.byteLength(b64, 'base64'))
  return bytes.subarray(0, Buffer.from(bytes.buffer).write(b64, 'base64'))
}

const b64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

/**
 * The two KMS operations envelope encryption needs (JSON 1.1, target TrentService).
 * @example
 * const kms = new Kms({ region: 'eu-west-1' })
 * const { Plaintext, CiphertextBlob } = await kms.generateDataKey({ KeyId, KeySpec: 'AES_256' })
 */
export class Kms {
  readonly client: AwsJsonClient

  constructor(options: KmsOptions) {
    this.client = new AwsJsonClient({
      service: 'kms',
      targetPrefix: 'TrentService',
      jsonVersion: '1.1',
      ...options,
    })
  }

  async generateDataKey(
    input: GenerateDataKeyInput
  ): Promise<{ KeyId?: string; Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array }> {
    const out = await this.client.call<Record<string, unknown>>('GenerateDataKey', input)
    return {
      ...(typeof out.KeyId === 'string' ? { KeyId: out.KeyId } : {}),
      Plaintext: blob(out.Plaintext),
      CiphertextBlob: blob(out.CiphertextBlob),
    }
  }

  async decrypt(input: DecryptInput): Promise<{ KeyId?: string; Plaintext?: Uint8Array }> {
    const out = await this.client.call<Record<string, unknown>>('Decrypt', {
      ...input,
      CiphertextBlob: b64(input.CiphertextBlob),
    })
    return {
      ...(typeof out.KeyId === 'string' ? { KeyId: out.KeyId } : {}),
      Plaintext: blob(out.Plaintext),
    }
  }
}
