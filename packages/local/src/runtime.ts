import { createKubernetesProbe } from '@berth/coe-api'
import { clusterClientTls } from '@berth/core/certificates/client-tls'
import {
  type ReconcileReport,
  reconcileClusters,
  refreshClusterHealth,
} from '@berth/core/lifecycle'
import { type Config, publicUrl } from '@berth/shared/config'
import { createApp } from '../../../functions/api/app'
import { createDeps } from '../../../functions/api/deps'
import { createLifecycleDeps } from '../../../functions/workflow/deps'
import {
  type LocalBackends,
  type LocalBerthOptions,
  startLocalBackends,
  withPortNamed,
} from './backends'
import { type ServedApp, serveFetch } from './http-server'
import { loadDefinitions } from './workflows/definitions'
import { LocalOrchestrator } from './workflows/local-orchestrator'

export interface LocalBerth extends LocalBackends {
  urls: { api: string; authUrl: string; dynamodb: string }
}

export interface ServedBerth extends ServedApp {
  /** The in-process workflow runner (tests wait on it with `idle()`). */
  orchestrator: LocalOrchestrator
  /** One reconciler pass now (it also runs every BERTH_RECONCILE_SECONDS). */
  reconcile(): Promise<ReconcileReport>
}

/**
 * The real API (createApp over createDeps) on real HTTP at BERTH_HOST:BERTH_PORT, with the
 * workflows running in this process from the same ASL files AWS runs, and the reconciler on a
 * timer (its first pass resumes whatever a previous run left half done).
 */
export const serveApi = async (
  config: Config,
  log: (line: string) => void = () => {}
): Promise<ServedBerth> => {
  const lifecycle = await createLifecycleDeps(config)
  const orchestrator = new LocalOrchestrator(lifecycle, loadDefinitions(), {
    pollMs: config.BERTH_LOCAL_POLL_MS,
    retryMs: config.BERTH_LOCAL_RETRY_MS,
    log: (line, fields) => log(`workflow: ${line} ${JSON.stringify(fields ?? {})}`),
  })
  const deps = await createDeps(config, { orchestrator })
  // The jobs report alive after each pass, for /v1/mservices.
  const reportAlive = (binary: 'berth-reconciler' | 'berth-health') =>
    deps.service.services
      .heartbeat({
        binary,
        host: deps.service.mservices.self.host,
        reportInterval: config.BERTH_RECONCILE_SECONDS,
      })
      .catch((e: unknown) => log(`heartbeat: ${(e as Error).message}`))
  const reconcile = async () => {
    const report = await reconcileClusters({
      clusters: lifecycle.clusters,
      orchestrator,
      now: () => new Date(),
      graceSeconds: config.BERTH_RECONCILE_GRACE_SECONDS,
      log: (line, fields) => log(`reconciler: ${line} ${JSON.stringify(fields)}`),
      audit: lifecycle.audit,
    })
    await reportAlive('berth-reconciler')
    return report
  }
  const claim = { what: 'Berth API', port: config.BERTH_PORT, variable: 'BERTH_PORT' }
  const served = await withPortNamed(claim, () =>
    serveFetch(createApp(deps).fetch, { port: config.BERTH_PORT, host: config.BERTH_HOST })
  ).catch(async (e: unknown) => {
    await deps.close()
    throw e
  })
  const refreshHealth = async () => {
    await refreshClusterHealth({
      clusters: lifecycle.clusters,
      templates: lifecycle.templates,
      probe: createKubernetesProbe({ tlsFor: clusterClientTls(lifecycle.secrets) }),
      now: () => new Date(),
    })
    await reportAlive('berth-health')
  }
  const timer = setInterval(() => {
    reconcile().catch((e: unknown) => log(`reconciler: ${(e as Error).message}`))
    refreshHealth().catch((e: unknown) => log(`health: ${(e as Error).message}`))
  }, config.BERTH_RECONCILE_SECONDS * 1000)
  timer.unref()
  return {
    ...served,
    orchestrator,
    reconcile,
    close: async () => {
      clearInterval(timer)
      await orchestrator.stop()
      await served.close()
      await deps.close()
    },
  }
}

/** Berth as one process on this machine: the backends, then the API. */
export const startLocalBerth = async (
  config: Config,
  options: LocalBerthOptions = {}
): Promise<LocalBerth> => {
  const backends = await startLocalBackends(config, options)
  const served = await serveApi(backends.config, options.log).catch(async (e: unknown) => {
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
