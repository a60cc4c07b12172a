/**
 * @module infra — every AWS resource Berth runs on, imported by sst.config.ts inside run().
 * Runtime code never sees these modules: it reads what they link through @berth/shared/config.
 */
import { createApiGateway, routeApi } from './api'
import { createCronJobs } from './cron'
import { createSecretsKey } from './secrets'
import { createSettings } from './settings'
import { createTable } from './table'
import { createWorkflows } from './workflows'

export const deploy = () => {
  const root = $cli.paths.root
  const table = createTable()
  const secretsKey = createSecretsKey()
  const api = createApiGateway()
  const { settings, policyFiles } = createSettings(api.url)
  const workflows = createWorkflows(root, [table, secretsKey, settings])
  // The API and the scheduled jobs start workflows and ask about them; tasks never do.
  const withWorkflows = [table, secretsKey, settings, ...workflows.machines]
  routeApi(api, withWorkflows, policyFiles)
  const cron = createCronJobs(root, withWorkflows)
  return {
    api: api.url,
    table: table.name,
    workflows: workflows.arns,
    cron: cron.map((job) => job.urn),
  }
}
