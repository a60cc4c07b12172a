import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalBerth } from '@berth/local/runtime'
import { loadConfig } from '@berth/shared/config'

/**
 * The system under test for `npm run bench:api`, in a process of its own so that the load
 * generator neither shares its event loop nor inflates its RSS. Prints one JSON line once
 * listening; stops on SIGTERM/SIGINT.
 */
const dataDir = await mkdtemp(join(tmpdir(), 'berth-bench-'))
// A Keystone URL as the first argument: act on that cloud instead of the development cloud.
const authUrl = process.argv[2]
const berth = await startLocalBerth(
  loadConfig({
    BERTH_PORT: '0',
    BERTH_CLOUD_PORT: '0',
    BERTH_DYNAMODB_PORT: '0',
    BERTH_DATA_DIR: dataDir,
    BERTH_LOG_LEVEL: 'ERROR',
    ...(authUrl ? { OS_AUTH_URL: authUrl } : {}),
  }),
  {
    ephemeral: true,
    ...(authUrl
      ? { cloud: { kind: 'external', authUrl, regionName: undefined, source: 'bench' } }
      : {}),
  }
)
console.log(JSON.stringify({ ready: true, ...berth.urls }))

const stop = async () => {
  await berth.stop()
  await rm(dataDir, { recursive: true, force: true })
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
