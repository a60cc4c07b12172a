import { randomInt } from 'node:crypto'

const WORDS = [
  'alpha',
  'bravo',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'gamma',
  'harbor',
  'iris',
  'jade',
  'kelp',
  'lumen',
  'maple',
  'nova',
  'orca',
  'pier',
  'quay',
  'reef',
  'sloop',
  'tide',
] as const

/** A readable default name, as Magnum generates one when a create request has none. */
export const generateName = (suffix: 'template' | 'cluster' | 'bay'): string =>
  `${WORDS[randomInt(WORDS.length)]}-${randomInt(10, 100)}-${suffix}`
