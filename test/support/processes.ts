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

/** Java processes this process started itself (children only). */
export const javaChildren = (): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        // comm may contain spaces; the fields after the closing parenthesis are fixed.
        const afterComm = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return stat.includes('(java)') && Number(afterComm[1]) === process.pid
      } catch {
        return false
      }
    })
    .map(Number)
