import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { join, resolve } from 'node:path'
import { emulatorJar, ensureDynamoDbLocal } from './install'

export interface DynamoDbLocalOptions {
  port: number
  /** A folder for the database files; absent ⇒ in memory (tests). */
  dbPath?: string
  emulatorDir?: string
  host?: string
  log?: (line: string) => void
}

export interface RunningDynamoDbLocal {
  endpoint: string
  port: number
  stop(): Promise<void>
}

export class PortInUseError extends Error {
  constructor(
    readonly what: string,
    readonly port: number
  ) {
    super(`${what}: port ${port} is already in use on 127.0.0.1`)
    this.name = 'PortInUseError'
  }
}

/** True when something accepts TCP connections on host:port. */
export const isPortOpen = (port: number, host = '127.0.0.1'): Promise<boolean> =>
  new Promise((done) => {
    const socket = createConnection({ port, host })
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.once('error', () => done(false))
  })

const waitForPort = async (port: number, host: string, child: ChildProcess, ms: number) => {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}`)
    if (await isPortOpen(port, host)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`DynamoDB Local did not listen on ${host}:${port} within ${ms} ms`)
}

/** Starts the real DynamoDB Local (Java) and resolves once it accepts connections. */
export const startDynamoDbLocal = async (
  options: DynamoDbLocalOptions
): Promise<RunningDynamoDbLocal> => {
  const host = options.host ?? '127.0.0.1'
  if (await isPortOpen(options.port, host)) throw new PortInUseError('DynamoDB Local', options.port)
  const dir = await ensureDynamoDbLocal(options.emulatorDir, options.log)
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    emulatorJar(dir),
    '-port',
    String(options.port),
    '-disableTelemetry',
  ]
  if (options.dbPath) {
    await mkdir(options.dbPath, { recursive: true })
    args.push('-dbPath', resolve(options.dbPath))
  } else {
    args.push('-inMemory')
  }
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  child.stdout?.resume()
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  try {
    await waitForPort(options.port, host, child, 30_000)
  } catch (e) {
    child.kill('SIGKILL')
    throw new Error(`${(e as Error).message}${stderr ? `\n${stderr}` : ''}`)
  }
  return {
    endpoint: `http://${host}:${options.port}`,
    port: options.port,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
