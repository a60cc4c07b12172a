import type { CoeProfile } from './profile'
import { allLabels } from './resolve'

const cell = (s: string) => (s === '' ? '(empty)' : `\`${s}\``)

/** The driver's labels as the Markdown table its README documents (a test keeps them equal). */
export const labelTable = (p: CoeProfile): string =>
  [
    '| Label | Default | Nodes | Meaning |',
    '|---|---|---|---|',
    ...allLabels(p).map((l) => {
      const nodes = l.env ? (l.roles ?? ['master', 'worker']).join(', ') : 'stack only'
      const fallback =
        l.name === 'master_lb_floating_ip_enabled' ? 'floating_ip_enabled' : l.default
      const choices = l.choices ? ` (${l.choices.join(', ')})` : ''
      return `| \`${l.name}\` | ${cell(fallback)} | ${nodes} | ${l.description}${choices} |`
    }),
  ].join('\n')
