import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { lambdaDefaults } from './functions'
import { pascal } from './names'

/** How often each job in functions/cron runs; a job not named here runs every 5 minutes. */
export const CRON_SCHEDULES: Record<string, `rate(${string})` | `cron(${string})`> = {
  reconcile: 'rate(2 minutes)',
  'reconcile-status': 'rate(2 minutes)',
  health: 'rate(10 minutes)',
  'health-status': 'rate(10 minutes)',
}
const DEFAULT_SCHEDULE = 'rate(5 minutes)'

const HANDLER = /export\s+(const|let|async\s+function|function)\s+handler\b/

/** Every functions/cron/<job>.ts that exports a `handler`, each a scheduled Lambda. */
export const createCronJobs = (root: string, link: sst.aws.FunctionArgs['link']) => {
  const dir = join(root, 'functions', 'cron')
  let files: string[] = []
  try {
    files = readdirSync(dir)
  } catch {
    return []
  }
  return files
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .filter((f) => HANDLER.test(readFileSync(join(dir, f), 'utf8')))
    .map((f) => basename(f, '.ts'))
    .sort()
    .map(
      (job) =>
        new sst.aws.CronV2(`Cron${pascal(job)}`, {
          schedule: CRON_SCHEDULES[job] ?? DEFAULT_SCHEDULE,
          function: {
            ...lambdaDefaults(),
            handler: `functions/cron/${job}.handler`,
            description: `Berth scheduled job ${job}`,
            memory: '512 MB',
            timeout: '5 minutes',
            link,
          },
        })
    )
}
