import { readdirSync, readFileSync } from 'node:fs'

/**
 * Pids of live processes whose command line contains `text` (Linux /proc). Used to prove that
 * no DynamoDB Local (java) outlives the runtime that started it: its command line names the
 * data directory, which is unique per test.
 */
export const processesMentioning = (text: string): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)
      } catch {
        return false // exited while we looked
      }
    })
    .map(Number)
    .filter((pid) => pid !== process.pid)

/** Direct children of `pid` whose command is `comm`, e.g. the java a runtime started. */
export const childrenNamed = (pid: number, comm: string): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((child) => {
      try {
        const stat = readFileSync(`/proc/${child}/stat`, 'utf8')
        // comm may contain spaces; the fields after its closing parenthesis are fixed.
        const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return stat.startsWith(`${child} (${comm})`) && Number(ppid) === pid
      } catch {
        return false // exited while we looked
      }
    })
    .map(Number)

/** Java processes this process started itself. */
export const javaChildren = (): number[] => childrenNamed(process.pid, 'java')
