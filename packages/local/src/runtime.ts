import { type Config, publicUrl } from '@berth/shared/config'
import { createApp } from '../../../functions/api/app'
import { createDeps } from '../../../functions/api/deps'
import {
  type LocalBackends,
  type LocalBerthOptions,
  startLocalBackends,
  withPortNamed,
} from './backends'
import { type ServedApp, serveFetch } from './http-server'

export interface LocalBerth extends LocalBackends {
  urls: { api: string; authUrl: string; dynamodb: string }
}

/** The real API (createApp over createDeps) on real HTTP at BERTH_HOST:BERTH_PORT. */
export const serveApi = async (config: Config): Promise<ServedApp> => {
  const deps = await createDeps(config)
  const claim = { what: 'Berth API', port: config.BERTH_PORT, variable: 'BERTH_PORT' }
  const served = await withPortNamed(claim, () =>
    serveFetch(createApp(deps).fetch, { port: config.BERTH_PORT, host: config.BERTH_HOST })
  ).catch(async (e: unknown) => {
    await deps.close()
    throw e
  })
  return { ...served, close: () => served.close().then(deps.close) }
}

/** Berth as one process on this machine: the backends, then the API. */
export const startLocalBerth = async (
  config: Config,
  options: LocalBerthOptions = {}
): Promise<LocalBerth> => {
  const backends = await startLocalBackends(config, options)
  const served = await serveApi(backends.config).catch(async (e: unknown) => {
    await backends.stop()
    throw e
  })
  options.log?.(`Berth API listening on ${served.url}`)
  let stopping: Promise<void> | undefined
  const effective = backends.config
  return {
    config: effective,
    urls: {
      api: publicUrl(effective),
      authUrl: effective.OS_AUTH_URL ?? '',
      dynamodb: effective.BERTH_DYNAMODB_ENDPOINT ?? '',
    },
    stop: () => {
      stopping ??= served.close().then(backends.stop)
      return stopping
    },
  }
}
