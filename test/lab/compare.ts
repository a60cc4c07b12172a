/**
 * Field-by-field comparison of Magnum's and Berth's answers to the same request. Values that
 * differ by nature (ids, times, the API's own address) are normalised first; fields whose value
 * depends on how far asynchronous work has got are compared for presence only.
 */
export interface Difference {
  /** e.g. `GET /v1/clustertemplates/{id}` */
  request: string
  /** Dotted path into the body (`(status)` for the HTTP status, `[]` for list items). */
  path: string
  magnum: unknown
  berth: unknown
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const HEX_ID = /\b[0-9a-f]{32}\b/g
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?/g

export interface Normalise {
  /** Root URLs of the two APIs (e.g. http://127.0.0.1:9511), both written `<api>`. */
  roots: string[]
}

const normaliseString = (s: string, n: Normalise): string => {
  let out = s
  for (const root of n.roots) out = out.split(root).join('<api>')
  return out.replace(UUID, '<uuid>').replace(HEX_ID, '<id>').replace(TIME, '<time>')
}

export const normalise = (v: unknown, n: Normalise): unknown => {
  if (typeof v === 'string') return normaliseString(v, n)
  if (Array.isArray(v)) return v.map((x) => normalise(x, n))
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x, n)]))
  }
  return v
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** The token a missing field is shown with. */
export const ABSENT = '(absent)'

/**
 * Every difference between two normalised bodies. `presenceOnly` names top-level fields (or
 * dotted paths) whose values are not compared, only whether both have them.
 */
export const diff = (
  request: string,
  magnum: unknown,
  berth: unknown,
  presenceOnly: readonly string[] = [],
  path = ''
): Difference[] => {
  if (presenceOnly.includes(path)) return []
  if (isRecord(magnum) && isRecord(berth)) {
    const keys = [...new Set([...Object.keys(magnum), ...Object.keys(berth)])].sort()
    return keys.flatMap((k) => {
      const at = path === '' ? k : `${path}.${k}`
      if (!(k in berth)) return [{ request, path: at, magnum: magnum[k], berth: ABSENT }]
      if (!(k in magnum)) return [{ request, path: at, magnum: ABSENT, berth: berth[k] }]
      return diff(request, magnum[k], berth[k], presenceOnly, at)
    })
  }
  if (Array.isArray(magnum) && Array.isArray(berth) && magnum.length === berth.length) {
    return magnum.flatMap((m, i) => diff(request, m, berth[i], presenceOnly, `${path}[]`))
  }
  return JSON.stringify(magnum) === JSON.stringify(berth)
    ? []
    : [{ request, path: path === '' ? '(body)' : path, magnum, berth }]
}

/** A difference kept on purpose, with why (the README's "Deliberate differences from Magnum" says the same). */
export interface Deliberate {
  request: string | RegExp
  path: string
  reason: string
}

export const isDeliberate = (d: Difference, list: readonly Deliberate[]): boolean =>
  list.some(
    (x) =>
      x.path === d.path &&
      (typeof x.request === 'string' ? x.request === d.request : x.request.test(d.request))
  )

/** One line per difference, for the test's output and for writing the docs. */
export const describeDifference = (d: Difference): string =>
  `${d.request} ${d.path}: Magnum ${JSON.stringify(d.magnum)} / Berth ${JSON.stringify(d.berth)}`
