import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * DynamoDB Local is the jar AWS ships, taken from the npm package that carries it. We fetch
 * only that package's tarball (not its 200 runtime dependencies), check it against the
 * integrity npm published for it, and unpack the emulator folder once.
 */
export const DYNAMODB_LOCAL_PACKAGE = {
  name: 'amplify-dynamodb-simulator',
  version: '2.9.30',
  integrity:
    'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==',
} as const

/** Where the emulator lives: inside node_modules, so `npm ci` starting afresh also refetches it. */
export const defaultEmulatorDir = (root = process.cwd()): string =>
  resolve(root, 'node_modules/.cache/berth/dynamodb-local', DYNAMODB_LOCAL_PACKAGE.version)

export const emulatorJar = (dir: string): string => join(dir, 'DynamoDBLocal.jar')

const integrityOf = (data: Buffer): string =>
  `sha512-${createHash('sha512').update(data).digest('base64')}`

/**
 * Makes sure the DynamoDB Local jar is unpacked in `dir`; returns `dir`. Idempotent and safe
 * to run from two processes at once (each unpacks into its own folder, then renames).
 */
export const ensureDynamoDbLocal = async (
  dir = defaultEmulatorDir(),
  log: (line: string) => void = () => {}
): Promise<string> => {
  if (existsSync(emulatorJar(dir))) return dir
  const work = `${dir}.tmp-${process.pid}-${Date.now()}`
  await mkdir(work, { recursive: true })
  try {
    const spec = `${DYNAMODB_LOCAL_PACKAGE.name}@${DYNAMODB_LOCAL_PACKAGE.version}`
    log(`fetching DynamoDB Local (${spec}) from the npm registry…`)
    const { stdout } = await run('npm', ['pack', spec, '--json', '--pack-destination', work], {
      maxBuffer: 64 * 1024 * 1024,
    })
    const packed = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string }[]
    const first = packed[0]
    if (!first) throw new Error(`npm pack ${spec} produced no tarball`)
    const tarball = join(work, first.filename)
    const actual = integrityOf(await readFile(tarball))
    if (actual !== DYNAMODB_LOCAL_PACKAGE.integrity) {
      throw new Error(`integrity mismatch for ${spec}: got ${actual}`)
    }
    await run('tar', ['xzf', tarball, '-C', work, 'package/emulator'])
    await mkdir(resolve(dir, '..'), { recursive: true })
    if (!existsSync(emulatorJar(dir))) {
      await rename(join(work, 'package/emulator'), dir).catch((e: NodeJS.ErrnoException) => {
        // Another process won the race; its copy is identical.
        if (!existsSync(emulatorJar(dir))) throw e
      })
    }
    log(`DynamoDB Local unpacked in ${dir}`)
    return dir
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
