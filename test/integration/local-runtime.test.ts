import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PortBusyError } from '@berth/local/ports'
import { type LocalBerth, startLocalBerth } from '@berth/local/runtime'
import { type Config, loadConfig } from '@berth/shared/config'
import { createDynamoClient } from '@berth/store/client'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { keystoneToken } from '../support/berth'
import { javaChildren, processesMentioning } from '../support/processes'

const root = mkdtempSync(join(tmpdir(), 'berth-runtime-'))
const dataDir = join(root, 'data')
afterAll(() => rmSync(root, { recursive: true, force: true }))

const configFor = (env: Record<string, string> = {}): Config =>
  loadConfig({
    BERTH_PORT: '0',
    BERTH_CLOUD_PORT: '0',
    BERTH_DYNAMODB_PORT: '0',
    BERTH_DATA_DIR: dataDir,
    BERTH_LOG_LEVEL: 'WARN',
    ...env,
  })

const held: Server[] = []
const holdPort = (): Promise<number> =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      done(typeof address === 'object' && address ? address.port : 0)
    })
    held.push(server)
  })
afterEach(() => {
  for (const server of held.splice(0)) server.close()
})

const headersFor = (token: string) => ({
  'X-Auth-Token': token,
  'OpenStack-API-Version': 'container-infra latest',
  'Content-Type': 'application/json',
})

describe('startLocalBerth', () => {
  const marker = { PK: 'TEST#local-runtime', SK: 'persisted', value: `v-${Date.now()}` }
  let templateUuid = ''

  const tableItem = (berth: LocalBerth) => {
    const db = createDynamoClient({
      endpoint: berth.urls.dynamodb,
      region: berth.config.AWS_REGION,
    })
    return {
      put: () => db.put({ TableName: berth.config.BERTH_TABLE_NAME, Item: marker }),
      get: async () => {
        const out = await db.get({
          TableName: berth.config.BERTH_TABLE_NAME,
          Key: { PK: marker.PK, SK: marker.SK },
        })
        return out.Item
      },
    }
  }

  it('serves the API, keeping everything under the data directory', async () => {
    const cwdBefore = readdirSync(process.cwd()).sort()
    const lines: string[] = []
    const berth = await startLocalBerth(configFor(), { log: (l) => lines.push(l) })
    try {
      const res = await fetch(`${berth.urls.api}/`)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ versions: [expect.objectContaining({ id: 'v1' })] })
      expect(lines.some((l) => l.includes('DynamoDB Local'))).toBe(true)

      const items = tableItem(berth)
      await items.put()

      const demo = await keystoneToken(berth.urls.authUrl, 'demo')
      const created = await fetch(`${berth.urls.api}/v1/clustertemplates`, {
        method: 'POST',
        headers: headersFor(demo.token),
        body: JSON.stringify({
          name: 'survives-restart',
          coe: 'kubernetes',
          image_id: 'fedora-coreos',
          external_network_id: 'public',
        }),
      })
      expect(created.status).toBe(201)
      templateUuid = ((await created.json()) as { uuid: string }).uuid
    } finally {
      await berth.stop()
    }
    expect(readdirSync(root)).toEqual(['data'])
    expect(readdirSync(dataDir)).toContain('dynamodb')
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore)
    expect(processesMentioning(dataDir)).toEqual([])
  })

  it('after a restart the table still holds what was written', async () => {
    const berth = await startLocalBerth(configFor())
    try {
      const items = tableItem(berth)
      expect(await items.get()).toEqual(marker)

      const demo = await keystoneToken(berth.urls.authUrl, 'demo')
      const res = await fetch(`${berth.urls.api}/v1/clustertemplates/${templateUuid}`, {
        headers: headersFor(demo.token),
      })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ uuid: templateUuid, name: 'survives-restart' })
    } finally {
      await berth.stop()
    }
    expect(processesMentioning(dataDir)).toEqual([])
  })

  it.each([
    ['BERTH_PORT', 'Berth API'],
    ['BERTH_CLOUD_PORT', 'development cloud'],
    ['BERTH_DYNAMODB_PORT', 'DynamoDB Local'],
  ])('a busy %s is named, and nothing is left running', async (variable, what) => {
    const port = await holdPort()
    const error = await startLocalBerth(configFor({ [variable]: String(port) })).catch((e) => e)
    expect(error).toBeInstanceOf(PortBusyError)
    expect((error as Error).message).toBe(
      `port ${port} (${what}) is already in use; set ${variable} to a free port`
    )
    expect(javaChildren()).toEqual([])
  })
})

describe('npm start (packages/local/src/main.ts)', () => {
  const start = (env: Record<string, string>): ChildProcess =>
    spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: root,
        BERTH_DATA_DIR: join(root, 'main-data'),
        BERTH_PORT: '0',
        BERTH_CLOUD_PORT: '0',
        BERTH_DYNAMODB_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })

  const collect = (child: ChildProcess) => {
    const out = { stdout: '', stderr: '' }
    child.stdout?.on('data', (d: Buffer) => {
      out.stdout += d.toString()
    })
    child.stderr?.on('data', (d: Buffer) => {
      out.stderr += d.toString()
    })
    const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    return { out, exit }
  }

  it('a busy port: one clear line naming the variable, exit status 1', async () => {
    const port = await holdPort()
    const { out, exit } = collect(start({ BERTH_PORT: String(port) }))
    expect(await exit).toBe(1)
    expect(out.stderr.trim()).toBe(
      `[berth] port ${port} (Berth API) is already in use; set BERTH_PORT to a free port`
    )
  })

  it('prints how to use it, and SIGINT stops everything with status 0', async () => {
    const child = start({})
    const { out, exit } = collect(child)
    const deadline = Date.now() + 90_000
    while (!out.stdout.includes('Ctrl-C stops everything') && Date.now() < deadline) {
      if (child.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 200))
    }
    expect(out.stdout, out.stderr).toContain('export OS_USERNAME=demo')
    expect(out.stdout).toContain('export OS_PROJECT_DOMAIN_NAME=Default')
    expect(out.stdout).toContain('/usr/bin/openstack coe cluster template list')
    expect(out.stdout).toMatch(/^\[berth\] /m)
    expect(processesMentioning(join(root, 'main-data'))).not.toEqual([])
    child.kill('SIGINT')
    expect(await exit).toBe(0)
    expect(processesMentioning(join(root, 'main-data'))).toEqual([])
  })
})
