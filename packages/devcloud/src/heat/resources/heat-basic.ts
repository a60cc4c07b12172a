import { randomInt } from 'node:crypto'
import { DONE, failed, type Props, type ResourceType, type StepResult } from './types'

const CLASSES: Record<string, string> = {
  lettersdigits: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
}

type Pool = { chars: string; min: number }

/** A random string honouring each class's minimum, the rest drawn from all of them, shuffled. */
export const randomString = (length: number, pools: Pool[]): string => {
  const all = pools.map((p) => p.chars).join('') || CLASSES.lettersdigits || ''
  const picked: string[] = []
  for (const p of pools)
    for (let i = 0; i < p.min; i++) picked.push(p.chars[randomInt(p.chars.length)] ?? '')
  while (picked.length < length) picked.push(all[randomInt(all.length)] ?? '')
  for (let i = picked.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[picked[i], picked[j]] = [picked[j] as string, picked[i] as string]
  }
  return picked.join('')
}

export const RandomString: ResourceType = {
  properties: {
    length: { type: 'integer', default: 32 },
    sequence: { type: 'string', allowed: Object.keys(CLASSES) },
    character_classes: {
      type: 'list',
      items: {
        type: 'map',
        schema: {
          class: { type: 'string', default: 'lettersdigits', allowed: Object.keys(CLASSES) },
          min: { type: 'integer', default: 1 },
        },
      },
    },
    character_sequences: {
      type: 'list',
      items: {
        type: 'map',
        schema: {
          sequence: { type: 'string', required: true },
          min: { type: 'integer', default: 1 },
        },
      },
    },
    salt: { type: 'string' },
  },
  attributes: ['value'],
  create(rt, props) {
    const classes = (props.character_classes ?? []) as { class: string; min: number }[]
    const sequences = (props.character_sequences ?? []) as { sequence: string; min: number }[]
    const pools: Pool[] = [
      ...classes.map((c) => ({ chars: CLASSES[c.class] ?? '', min: c.min })),
      ...sequences.map((s) => ({ chars: s.sequence, min: s.min })),
    ]
    if (pools.length === 0)
      pools.push({ chars: CLASSES[String(props.sequence ?? 'lettersdigits')] ?? '', min: 0 })
    const length = Number(props.length)
    if (pools.reduce((n, p) => n + p.min, 0) > length) {
      return failed(
        'StackValidationFailed',
        'Length property cannot be smaller than combined character class and character sequence minimums'
      )
    }
    rt.resource.physicalId = rt.physicalName()
    rt.resource.data.value = randomString(length, pools)
    return DONE
  },
  delete: () => DONE,
  attribute: (rt, name) => (name === 'value' ? rt.resource.data.value : null),
}

export const Value: ResourceType = {
  properties: {
    value: { type: 'any', required: true, updatable: true },
    type: {
      type: 'string',
      allowed: ['string', 'number', 'comma_delimited_list', 'json', 'boolean'],
      updatable: true,
    },
  },
  attributes: ['value'],
  create(rt, props) {
    rt.resource.physicalId = rt.physicalName()
    rt.resource.data.value = props.value
    return DONE
  },
  update(rt, props) {
    rt.resource.data.value = props.value
    return DONE
  },
  delete: () => DONE,
  attribute: (rt, name) => (name === 'value' ? rt.resource.data.value : null),
}

export const None: ResourceType = {
  properties: 'any',
  attributes: 'any',
  create(rt) {
    rt.resource.physicalId = rt.physicalName()
    return DONE
  },
  update: () => DONE,
  delete: () => DONE,
  attribute: () => null,
}

/** Heat's test resource: waits, fails on request, exposes its value as `output`. */
export const TestResource: ResourceType = {
  properties: {
    value: { type: 'string', default: 'test_string', updatable: true },
    update_replace_value: { type: 'string' },
    update_replace: { type: 'boolean', default: false, updatable: true },
    fail: { type: 'boolean', default: false, updatable: true },
    wait_secs: { type: 'number', default: 0, updatable: true },
    action_wait_secs: { type: 'map', updatable: true },
    attr_wait_secs: { type: 'number', default: 0 },
    client_name: { type: 'string', default: '' },
    entity_name: { type: 'string', default: '' },
    constraint_prop_secs: { type: 'number', default: 0 },
  },
  attributes: ['output'],
  create(rt, props) {
    // A failing test resource fails before it has an id, as Heat's does.
    if (props.fail !== true) {
      rt.resource.physicalId = rt.physicalName()
      rt.resource.data.value = props.value
    }
    rt.resource.data.fail = props.fail
    rt.resource.data.deleteWaitSecs = waitSecs(props, 'delete')
    return waitFor(rt.now, waitSecs(props, 'create'), rt.cloud.timing.heatMinuteMs)
  },
  checkCreate: (rt) =>
    rt.resource.data.fail === true
      ? failed('ValueError', `Test Resource failed ${rt.resource.name}`)
      : DONE,
  update(rt, props) {
    if (props.update_replace === true) return 'replace'
    rt.resource.data.value = props.value
    rt.resource.data.fail = props.fail
    rt.resource.data.deleteWaitSecs = waitSecs(props, 'delete')
    return waitFor(rt.now, waitSecs(props, 'update'), rt.cloud.timing.heatMinuteMs)
  },
  checkUpdate: (rt) =>
    rt.resource.data.fail === true
      ? failed('ValueError', `Test Resource failed ${rt.resource.name}`)
      : DONE,
  delete: (rt) =>
    waitFor(rt.now, Number(rt.resource.data.deleteWaitSecs ?? 0), rt.cloud.timing.heatMinuteMs),
  checkDelete: () => DONE,
  attribute: (rt, name) => (name === 'output' ? rt.resource.data.value : null),
}

/** Heat's TestResource waits `action_wait_secs[action]` when given, else `wait_secs`. */
const waitSecs = (props: Props, action: 'create' | 'update' | 'delete'): number => {
  const perAction = props.action_wait_secs
  const own =
    typeof perAction === 'object' && perAction !== null
      ? (perAction as Record<string, unknown>)[action]
      : undefined
  return Number(own ?? props.wait_secs ?? 0)
}

/** `wait_secs` in the cloud's time scale (a Heat minute may be shortened for tests). */
const waitFor = (now: Date, seconds: number, minuteMs: number): StepResult =>
  seconds > 0 ? { state: 'wait', until: new Date(now.getTime() + (seconds * minuteMs) / 60) } : DONE
