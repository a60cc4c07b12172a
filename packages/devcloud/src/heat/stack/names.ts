import { randomBytes } from 'node:crypto'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

/** Heat's short ids: 12 characters of lowercase base32. */
export const shortId = (): string => [...randomBytes(12)].map((b) => ALPHABET[b % 32]).join('')

/** `<stack>-<resource>-<short id>`, as Heat names nested stacks and id-less resources. */
export const physicalName = (stackName: string, resourceName: string): string =>
  `${stackName}-${resourceName}-${shortId()}`

/** Heat's error path: `resources.group.resources[0].resources.server`. */
export const heatPath = (items: string[]): string =>
  items.reduce(
    (path, item) =>
      /^\d+$/.test(item) ? `${path}[${item}]` : path === '' ? item : `${path}.${item}`,
    ''
  )
