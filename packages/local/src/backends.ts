import { join, resolve } from 'node:path'
import { startDevCloud } from '@berth/devcloud'
import { type Config, publicUrl } from '@berth/shared/config'
import { createDynamoClient } from '@berth/store/client'
import { ensureTable } from '@berth/store/migrate'
import type { CloudChoice } from './cloud-selection'
import { PortInUseError, startDynamoDbLocal } from './dynamodb-local/launcher'
import { assertPortsFree, freePort, PortBusyError, type PortClaim, resolvePort } from './ports'

export interface LocalBerthOptions {
  log?: (line: string) => void
  /** Which OpenStack cloud to act on; the development cloud unless told otherwise. */
  cloud?: CloudChoice
  /** Keep nothing: DynamoDB Local in memory, development cloud without a state file. */
  ephemeral?: boolean
}

export interface LocalBackends {
  /**
   * The configuration to build the API with: BERTH_PORT fixed (the cloud's catalog already
   * names it), BERTH_DYNAMODB_ENDPOINT and OS_AUTH_URL pointing at what was started.
   */
  config: Config
  stop(): Promise<void>
}

const isAddressInUse = (e: unknown): boolean =>
  (e as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE'

/** Turns "address in use" from whichever component into the one error main.ts explains. */
export const withPortNamed = async <T>(claim: PortClaim, start: () => Promise<T>): Promise<T> => {
  try {
    return await start()
  } catch (e) {
    if (isAddressInUse(e) || e instanceof PortInUseError) {
      throw new PortBusyError(claim.what, claim.port, claim.variable)
    }
    throw e
  }
}

/** Stops what was started, last first, once; `guard` stops the started part when a later step fails. */
const stopList = () => {
  const stops: (() => Promise<void>)[] = []
  let stopping: Promise<void> | undefined
  const stopAll = () => {
    stopping ??= (async () => {
      for (const stop of stops.splice(0).reverse()) await stop()
    })()
    return stopping
  }
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (e) {
      await stopAll()
      throw e
    }
  }
  return { push: (stop: () => Promise<void>) => stops.push(stop), stopAll, guard }
}

/**
 * Everything the API needs, without the API: DynamoDB Local (unless an endpoint is given) with
 * the table created or migrated, and the development cloud (unless a real cloud is chosen).
 * Port 0 means any free port. On failure whatever already started is stopped again, so no
 * java process is left behind.
 */
export const startLocalBackends = async (
  config: Config,
  options: LocalBerthOptions = {}
): Promise<LocalBackends> => {
  const log = options.log ?? (() => {})
  const cloud = options.cloud ?? { kind: 'development' }
  const dataDir = resolve(config.BERTH_DATA_DIR)
  const started = stopList()

  return started.guard(async () => {
    const apiPort = await resolvePort(config.BERTH_PORT, config.BERTH_HOST)
    const dynamoClaim = config.BERTH_DYNAMODB_ENDPOINT
      ? undefined
      : {
          what: 'DynamoDB Local',
          port: await resolvePort(config.BERTH_DYNAMODB_PORT),
          variable: 'BERTH_DYNAMODB_PORT',
        }
    const cloudClaim = {
      what: 'development cloud',
      port: config.BERTH_CLOUD_PORT,
      variable: 'BERTH_CLOUD_PORT',
    }
    // Checked up front, so a busy port costs nothing rather than a DynamoDB Local start and stop.
    await assertPortsFree(
      [{ what: 'Berth API', port: apiPort, variable: 'BERTH_PORT' }],
      config.BERTH_HOST
    )
    await assertPortsFree(
      [dynamoClaim, cloud.kind === 'development' ? cloudClaim : undefined].filter(
        (c): c is PortClaim => c !== undefined && c.port !== 0
      )
    )

    let dynamodb = config.BERTH_DYNAMODB_ENDPOINT ?? ''
    if (dynamoClaim) {
      const dbPath = options.ephemeral ? undefined : join(dataDir, 'dynamodb')
      log(`starting DynamoDB Local on port ${dynamoClaim.port} (${dbPath ?? 'in memory'})…`)
      const start = () => startDynamoDbLocal({ port: dynamoClaim.port, dbPath, log })
      // A port picked as free may be taken before java binds it; pick again, a few times.
      for (let attempt = 1; !dynamodb; attempt++) {
        try {
          const db = await withPortNamed(dynamoClaim, start)
          started.push(db.stop)
          dynamodb = db.endpoint
        } catch (e) {
          if (config.BERTH_DYNAMODB_PORT !== 0 || attempt >= 3) throw e
          dynamoClaim.port = await freePort()
        }
      }
    }
    const db = createDynamoClient({ endpoint: dynamodb, region: config.AWS_REGION })
    const table = await ensureTable(db, config.BERTH_TABLE_NAME, log)
    log(`table ${config.BERTH_TABLE_NAME} ${table.created ? 'created' : 'ready'} at ${dynamodb}`)

    const withPorts: Config = {
      ...config,
      BERTH_PORT: apiPort,
      BERTH_DYNAMODB_ENDPOINT: dynamodb,
      BERTH_DYNAMODB_PORT: dynamoClaim?.port ?? config.BERTH_DYNAMODB_PORT,
    }
    if (cloud.kind === 'external') {
      log(`using the OpenStack cloud at ${cloud.authUrl} (${cloud.source})`)
      const region = cloud.regionName ?? config.OS_REGION_NAME
      return {
        config: { ...withPorts, OS_AUTH_URL: cloud.authUrl, OS_REGION_NAME: region },
        stop: started.stopAll,
      }
    }
    const devCloud = await withPortNamed(cloudClaim, () =>
      startDevCloud({
        port: cloudClaim.port,
        host: '127.0.0.1',
        berthEndpoint: `${publicUrl(withPorts)}/v1`,
        stateFile: options.ephemeral ? undefined : join(dataDir, 'devcloud.json'),
        log: (line) => log(`cloud: ${line}`),
      })
    )
    started.push(devCloud.close)
    log(`development cloud listening, Keystone at ${devCloud.authUrl}`)
    return {
      config: {
        ...withPorts,
        BERTH_CLOUD_PORT: devCloud.port,
        OS_AUTH_URL: devCloud.authUrl,
        // The development cloud seeds Berth's own account (an admin of project `service`).
        BERTH_SERVICE_USERNAME: config.BERTH_SERVICE_USERNAME ?? 'berth',
        BERTH_SERVICE_PASSWORD: config.BERTH_SERVICE_PASSWORD ?? 'berth',
        BERTH_SERVICE_PROJECT_NAME: config.BERTH_SERVICE_PROJECT_NAME ?? 'service',
      },
      stop: started.stopAll,
    }
  })
}
