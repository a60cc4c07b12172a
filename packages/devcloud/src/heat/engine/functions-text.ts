import { createHash } from 'node:crypto'
import { isMap, pyJson, pyStr } from './pyjson'
import { argError, defineFunction, hasUnresolved, resolve, UNRESOLVED, type Where } from './resolve'

const JOIN_USAGE =
  'Incorrect arguments to "list_join" should be: "list_join" : [ " ", [ "str1", "str2"] ...]'

const replaceAll = (
  template: string,
  params: Record<string, unknown>,
  where: Where,
  fn: string
) => {
  let text = template
  // Longest keys first, so `$name` never eats part of `$name_full`.
  const keys = Object.keys(params).sort((a, b) => b.length - a.length)
  const missing: string[] = []
  for (const key of keys) {
    const raw = params[key]
    if (fn !== 'str_replace' && !text.includes(key)) missing.push(key)
    if (fn === 'str_replace_vstrict' && (raw === '' || raw === null)) {
      throw argError(where, fn, `"${fn}" parameters must not be empty: ${key}`)
    }
    const value =
      raw === null || raw === undefined ? '' : typeof raw === 'object' ? pyJson(raw) : pyStr(raw)
    text = text.split(key).join(value)
  }
  if (missing.length > 0) {
    throw argError(
      where,
      fn,
      `The following params were not found in the template: ${missing.join(',')}`
    )
  }
  return text
}

for (const fn of ['str_replace', 'str_replace_strict', 'str_replace_vstrict']) {
  defineFunction(fn, (args, ctx, where) => {
    const usage = `Arguments to "${fn}" must be a dict with keys "template" and "params"`
    if (!isMap(args) || !('template' in args) || !('params' in args))
      throw argError(where, fn, usage)
    const resolved = resolve(args, ctx, where) as Record<string, unknown>
    if (hasUnresolved(resolved)) return UNRESOLVED
    if (typeof resolved.template !== 'string')
      throw argError(where, fn, `"${fn}" template must be a string`)
    if (!isMap(resolved.params)) throw argError(where, fn, `"${fn}" params must be a map`)
    return replaceAll(resolved.template, resolved.params, where, fn)
  })
}

defineFunction('list_join', (args, ctx, where, fn) => {
  if (!Array.isArray(args) || args.length < 2) throw argError(where, fn, JOIN_USAGE)
  const resolved = resolve(args, ctx, where) as unknown[]
  if (hasUnresolved(resolved)) return UNRESOLVED
  const [delim, ...lists] = resolved
  if (typeof delim !== 'string') throw argError(where, fn, JOIN_USAGE)
  const items: string[] = []
  for (const list of lists) {
    if (list === null) continue
    if (!Array.isArray(list)) throw argError(where, fn, JOIN_USAGE)
    for (const item of list) items.push(typeof item === 'string' ? item : pyJson(item))
  }
  return items.join(delim)
})

defineFunction('str_split', (args, ctx, where, fn) => {
  const usage =
    'Incorrect arguments to "str_split" should be: "str_split" : [ ",", "string,to,split"]'
  if (!Array.isArray(args) || args.length < 2 || args.length > 3) throw argError(where, fn, usage)
  const resolved = resolve(args, ctx, where) as unknown[]
  if (hasUnresolved(resolved)) return UNRESOLVED
  const [delim, text, index] = resolved
  if (typeof delim !== 'string' || typeof text !== 'string') throw argError(where, fn, usage)
  const parts = text.split(delim)
  if (index === undefined) return parts
  const i = Number(index)
  if (!Number.isInteger(i) || i < 0 || i >= parts.length) {
    throw argError(
      where,
      fn,
      `Incorrect index to "str_split" should be between 0 and ${parts.length - 1}`
    )
  }
  return parts[i]
})

const DIGESTS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']

defineFunction('digest', (args, ctx, where, fn) => {
  const resolved = resolve(args, ctx, where)
  if (hasUnresolved(resolved)) return UNRESOLVED
  if (!Array.isArray(resolved) || resolved.length !== 2 || typeof resolved[1] !== 'string') {
    throw argError(where, fn, 'Argument to function "digest" must be a list of [algorithm, value]')
  }
  const algorithm = String(resolved[0])
  if (!DIGESTS.includes(algorithm))
    throw argError(where, fn, `Algorithm must be one of ${DIGESTS.join(', ')}`)
  return createHash(algorithm).update(resolved[1]).digest('hex')
})

defineFunction('make_url', (args, ctx, where, fn) => {
  const resolved = resolve(args, ctx, where)
  if (hasUnresolved(resolved)) return UNRESOLVED
  if (!isMap(resolved) || typeof resolved.host !== 'string') {
    throw argError(where, fn, 'The "make_url" function requires a "host" argument')
  }
  const host =
    resolved.host.includes(':') && !resolved.host.startsWith('[')
      ? `[${resolved.host}]`
      : resolved.host
  const scheme = resolved.scheme === undefined ? '' : `${String(resolved.scheme)}://`
  const port = resolved.port === undefined ? '' : `:${String(resolved.port)}`
  const path = resolved.path === undefined ? '' : `/${String(resolved.path).replace(/^\//, '')}`
  const query = isMap(resolved.query)
    ? `?${new URLSearchParams(Object.entries(resolved.query).map(([k, v]): [string, string] => [k, pyStr(v)])).toString()}`
    : ''
  const fragment = resolved.fragment === undefined ? '' : `#${String(resolved.fragment)}`
  return `${scheme}${host}${port}${path}${query}${fragment}`
})
