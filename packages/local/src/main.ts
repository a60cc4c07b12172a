import { ConfigError, loadConfig } from '@berth/shared/config'
import { CloudSelectionError, selectCloud } from './cloud-selection'
import { usageText } from './openrc'
import { PortBusyError } from './ports'
import { type LocalBerth, startLocalBerth } from './runtime'

// `npm start`: the whole service on this machine. Each step lives in its own module.
const say = (line: string) => console.log(`[berth] ${line}`)

const explain = (e: unknown): string => {
  if (e instanceof PortBusyError || e instanceof ConfigError || e instanceof CloudSelectionError) {
    return e.message
  }
  return e instanceof Error ? (e.stack ?? e.message) : String(e)
}

let berth: LocalBerth | undefined
let stopRequested = false
let firstSignalAt = 0

const stopAndExit = async () => {
  await berth?.stop()
  say('stopped')
  process.exit(0)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // One Ctrl-C can arrive twice (from the terminal and relayed by npm/tsx); a second one
    // later means stopping hangs, so leave at once rather than ignore the person.
    if (stopRequested) {
      if (Date.now() - firstSignalAt > 1000) process.exit(130)
      return
    }
    stopRequested = true
    firstSignalAt = Date.now()
    say(`${signal}: stopping…`)
    // While starting, there is nothing whole to stop yet: start-up ends first (below).
    if (berth) void stopAndExit()
  })
}

try {
  const config = loadConfig(process.env)
  const cloud = selectCloud({ ...config, OS_CLOUD: process.env.OS_CLOUD })
  say(`data directory: ${config.BERTH_DATA_DIR}`)
  berth = await startLocalBerth(config, { cloud, log: say })
  if (stopRequested) await stopAndExit()
  const externalSource = cloud.kind === 'external' ? cloud.source : undefined
  console.log(
    `\n${usageText({ apiUrl: berth.urls.api, authUrl: berth.urls.authUrl, externalSource })}\n`
  )
} catch (e) {
  // Ctrl-C during start-up also reaches java (same process group) and fails the start.
  if (stopRequested) process.exit(0)
  console.error(`[berth] ${explain(e)}`)
  process.exit(1)
}
