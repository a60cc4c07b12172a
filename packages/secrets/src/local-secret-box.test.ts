import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SecretBoxError } from './errors'
import { LocalSecretBox } from './local-secret-box'

let dataDir: string
beforeEach(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), 'berth-secrets-')), 'data')
})
afterEach(async () => {
  await rm(join(dataDir, '..'), { recursive: true, force: true })
})

/** Flips one character of a base64url segment of the sealed text (index counted from 3). */
const tamper = (sealed: string, segment: number): string => {
  const parts = sealed.split(':')
  const s = parts[segment] as string
  const flipped = s[0] === 'A' ? 'B' : 'A'
  parts[segment] = flipped + s.slice(1)
  return parts.join(':')
}

describe('Class: LocalSecretBox', () => {
  it('round-trips a secret under the same context, whatever the key order', async () => {
    // Prepare
    const box = new LocalSecretBox({ dataDir })
    const secret = 'app-cred-secret ✓ with unicode'
    // Act
    const sealed = await box.seal(secret, { cluster: 'c1', project: 'p1' })
    // Assess
    expect(sealed).toMatch(/^berth-secret:v1:local:[0-9a-f]{16}:/)
    expect(sealed).not.toContain(secret)
    await expect(box.open(sealed, { project: 'p1', cluster: 'c1' })).resolves.toBe(secret)
  })

  it('seals the same plaintext differently each time', async () => {
    const box = new LocalSecretBox({ dataDir })
    const a = await box.seal('s', { cluster: 'c1' })
    const b = await box.seal('s', { cluster: 'c1' })
    expect(a).not.toBe(b)
  })

  it('refuses to open under another context', async () => {
    const box = new LocalSecretBox({ dataDir })
    const sealed = await box.seal('s3cret', { cluster: 'c1' })
    await expect(box.open(sealed, { cluster: 'c2' })).rejects.toBeInstanceOf(SecretBoxError)
    await expect(box.open(sealed, { cluster: 'c1', extra: 'x' })).rejects.toThrow(/does not open/)
    await expect(box.open(sealed, {})).rejects.toThrow(/does not open/)
  })

  it('refuses a tampered iv, ciphertext or tag, and a foreign key reference', async () => {
    const box = new LocalSecretBox({ dataDir })
    const sealed = await box.seal('s3cret', { cluster: 'c1' })
    for (const segment of [4, 5, 6]) {
      await expect(box.open(tamper(sealed, segment), { cluster: 'c1' })).rejects.toThrow(
        SecretBoxError
      )
    }
    await expect(box.open(tamper(sealed, 3), { cluster: 'c1' })).rejects.toThrow(
      /sealed with local key/
    )
  })

  it('refuses text that is not a sealed secret, another version or another scheme', async () => {
    const box = new LocalSecretBox({ dataDir })
    const sealed = await box.seal('s', {})
    await expect(box.open('plain text', {})).rejects.toThrow(/not a sealed secret/)
    await expect(box.open(sealed.replace(':v1:', ':v9:'), {})).rejects.toThrow(/version v9/)
    await expect(box.open(sealed.replace(':local:', ':kms:'), {})).rejects.toThrow(/'kms'/)
  })

  it('creates the key file on first use, owner-only, and reuses it across instances', async () => {
    // Act
    const first = new LocalSecretBox({ dataDir })
    const sealed = await first.seal('kept', { cluster: 'c1' })
    // Assess
    const info = await stat(first.keyFile)
    expect(info.mode & 0o777).toBe(0o600)
    expect(Buffer.from((await readFile(first.keyFile, 'utf8')).trim(), 'base64')).toHaveLength(32)
    await expect(new LocalSecretBox({ dataDir }).open(sealed, { cluster: 'c1' })).resolves.toBe(
      'kept'
    )
  })

  it('creates exactly one key when many instances start at once', async () => {
    const boxes = Array.from({ length: 8 }, () => new LocalSecretBox({ dataDir }))
    const sealed = await Promise.all(boxes.map((b, i) => b.seal(`v${i}`, {})))
    const reader = new LocalSecretBox({ dataDir })
    expect(await Promise.all(sealed.map((s) => reader.open(s, {})))).toEqual(
      boxes.map((_, i) => `v${i}`)
    )
  })

  it('refuses a key file others can read, and a key of the wrong size', async () => {
    const box = new LocalSecretBox({ dataDir })
    await box.seal('s', {})
    await chmod(box.keyFile, 0o644)
    await expect(new LocalSecretBox({ dataDir }).seal('s', {})).rejects.toThrow(/chmod 600/)
    await writeFile(box.keyFile, 'c2hvcnQ=\n', { mode: 0o600 })
    await chmod(box.keyFile, 0o600)
    await expect(new LocalSecretBox({ dataDir }).seal('s', {})).rejects.toThrow(/32-byte key/)
  })

  it('does not open a value sealed under another key file', async () => {
    const sealed = await new LocalSecretBox({ dataDir }).seal('s', {})
    const other = new LocalSecretBox({ dataDir: join(dataDir, 'other') })
    await expect(other.open(sealed, {})).rejects.toThrow(/sealed with local key/)
  })
})
