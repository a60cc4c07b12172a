import { join, resolve } from 'node:path'
import { loadConfig, publicUrl } from '@berth/shared/config'
import { startDevCloud } from './server'

/**
 * `npx tsx packages/devcloud/src/main.ts`: serves the development cloud on BERTH_CLOUD_PORT
 * (default 5000), keeps its state in BERTH_DATA_DIR, and lists Berth (BERTH_PORT) in the
 * catalog. Prints the auth URL and an openrc for the demo user.
 */
const main = async () => {
  const config = loadConfig(process.env)
  const stateFile = resolve(join(config.BERTH_DATA_DIR, 'devcloud-state.json'))
  const cloud = await startDevCloud({
    port: config.BERTH_CLOUD_PORT,
    berthEndpoint: `${publicUrl(config)}/v1`,
    stateFile,
    log: (line) => console.error(line),
    logRequests: config.BERTH_LOG_LEVEL === 'DEBUG',
  })
  console.log(`Development cloud (not a real cloud) listening; auth URL ${cloud.authUrl}`)
  console.log(`State: ${stateFile}`)
  console.log(
    '\n# openrc (also admin/admin, alt/alt; Berth itself uses berth/berth on project service)'
  )
  const openrc = {
    OS_AUTH_URL: cloud.authUrl,
    OS_IDENTITY_API_VERSION: '3',
    OS_USERNAME: 'demo',
    OS_PASSWORD: 'demo',
    OS_PROJECT_NAME: 'demo',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    OS_REGION_NAME: 'RegionOne',
    OS_INTERFACE: 'public',
  }
  for (const [k, v] of Object.entries(openrc)) console.log(`export ${k}=${v}`)
  const stop = () => {
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
