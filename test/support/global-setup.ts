import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalBackends } from '@berth/local/backends'
import { loadConfig } from '@berth/shared/config'
import type { TestProject } from 'vitest/node'
import './context'

/**
 * Once per integration run: DynamoDB Local in memory and the development cloud, on free ports,
 * the table ensured, and a port reserved for Berth that the cloud's catalog points at. Each test
 * file then runs the real API in-process with `startBerth()` (test/support/berth.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'berth-it-'))
  const config = loadConfig({
    BERTH_PORT: '0',
    BERTH_CLOUD_PORT: '0',
    BERTH_DYNAMODB_PORT: '0',
    BERTH_DATA_DIR: dataDir,
    BERTH_TABLE_NAME: 'berth-test',
    BERTH_LOG_LEVEL: 'WARN',
    // Workflows poll and retry fast in tests; the state machines are the same.
    BERTH_LOCAL_POLL_MS: '50',
    BERTH_LOCAL_RETRY_MS: '20',
  })
  const backends = await startLocalBackends(config, { ephemeral: true }).catch(async (e) => {
    await rm(dataDir, { recursive: true, force: true })
    throw e
  })
  const ready = backends.config
  project.provide('berthTestEnv', {
    config: ready,
    authUrl: ready.OS_AUTH_URL ?? '',
    dynamodbEndpoint: ready.BERTH_DYNAMODB_ENDPOINT ?? '',
  })
  return async () => {
    await backends.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
