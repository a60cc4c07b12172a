import { createHash, randomBytes } from 'node:crypto'
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SecretBox } from '@berth/core/ports/secrets'
import { SecretBoxError } from './errors'
import { decodeSealed, openWithKey, sealWithKey } from './sealed-format'

export interface LocalSecretBoxOptions {
  /** Directory holding the key file (BERTH_DATA_DIR); created if missing. */
  dataDir: string
  /** @default 'secret-box.key' */
  fileName?: string
}

interface LoadedKey {
  key: Buffer
  /** Short digest of the key, written into every sealed value to name the key it needs. */
  id: string
}

const KEY_BYTES = 32
const isCode = (e: unknown, code: string) => (e as NodeJS.ErrnoException | null)?.code === code

/**
 * SecretBox for the local runtime: AES-256-GCM under one key kept in a file under the data
 * directory. The file is created on first use, readable by its owner only (0600), and a key
 * file others can read is refused rather than trusted.
 *
 * @example
 * const box = new LocalSecretBox({ dataDir: config.BERTH_DATA_DIR })
 * const sealed = await box.seal(secret, { cluster: uuid })
 * await box.open(sealed, { cluster: uuid }) // === secret
 */
export class LocalSecretBox implements SecretBox {
  readonly keyFile: string
  private loading: Promise<LoadedKey> | undefined

  constructor(private readonly options: LocalSecretBoxOptions) {
    this.keyFile = join(options.dataDir, options.fileName ?? 'secret-box.key')
  }

  async seal(plaintext: string, context: Record<string, string>): Promise<string> {
    const { key, id } = await this.key()
    return sealWithKey(key, 'local', id, plaintext, context)
  }

  async open(sealed: string, context: Record<string, string>): Promise<string> {
    const parts = decodeSealed(sealed, 'local')
    const { key, id } = await this.key()
    if (parts.keyRef !== id) {
      throw new SecretBoxError(
        `secret sealed with local key ${parts.keyRef}, ${this.keyFile} is ${id}`
      )
    }
    return openWithKey(key, parts, context)
  }

  private key(): Promise<LoadedKey> {
    this.loading ??= this.loadOrCreate().catch((e: unknown) => {
      this.loading = undefined
      throw e
    })
    return this.loading
  }

  private async loadOrCreate(): Promise<LoadedKey> {
    try {
      return await this.read()
    } catch (e) {
      if (!isCode(e, 'ENOENT')) throw e
    }
    await mkdir(this.options.dataDir, { recursive: true, mode: 0o700 })
    // Written whole to a private temporary name, then linked into place: link fails if another
    // process got there first, so nobody ever reads a half-written key or replaces a used one.
    const temporary = `${this.keyFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    await writeFile(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    })
    try {
      await link(temporary, this.keyFile)
    } catch (e) {
      if (!isCode(e, 'EEXIST')) throw e
    } finally {
      await unlink(temporary)
    }
    return this.read()
  }

  private async read(): Promise<LoadedKey> {
    const info = await stat(this.keyFile)
    if ((info.mode & 0o077) !== 0) {
      throw new SecretBoxError(
        `${this.keyFile} is readable by others (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 on it`
      )
    }
    const key = Buffer.from((await readFile(this.keyFile, 'utf8')).trim(), 'base64')
    if (key.length !== KEY_BYTES) {
      throw new SecretBoxError(`${this.keyFile} does not hold a ${KEY_BYTES}-byte key`)
    }
    return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 16) }
  }
}
