import type { StackSpec } from '@berth/core/ports/stacks'

/** The OpenStack lab's Keystone and Heat, for the BERTH_LAB=1 tests. */
export const AUTH_URL = process.env.BERTH_LAB_AUTH_URL ?? 'http://127.0.0.1:5000/v3'

export interface Heat {
  token: string
  url: string
  standIns: { files: Record<string, string>; registry: Record<string, string> }
}

export const demoToken = async (): Promise<{ token: string; heatUrl: string }> => {
  const res = await fetch(`${AUTH_URL}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'demo' } },
        },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    }),
  })
  if (res.status !== 201) throw new Error(`Keystone answered ${res.status}`)
  const body = (await res.json()) as {
    token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] }
  }
  const heat = body.token.catalog
    .find((s) => s.type === 'orchestration')
    ?.endpoints.find((e) => e.interface === 'public')
  if (!heat) throw new Error('no orchestration endpoint in the catalog')
  return { token: res.headers.get('x-subject-token') ?? '', heatUrl: heat.url }
}

export const SERVER_STAND_IN = 'OS::Nova::Server'

/**
 * Heat checks a server's provider against every attribute of the facade, hidden ones included
 * (heat-api-notes.md); the stand-in also hands back the user data it received.
 */
const serverOutputs = {
  ...Object.fromEntries(
    [
      'accessIPv4',
      'accessIPv6',
      'addresses',
      'console_urls',
      'first_address',
      'instance_name',
      'name',
      'networks',
      'os_collect_config',
      'tags',
    ].map((k) => [k, { value: '' }])
  ),
  received_user_data: { value: { get_param: 'user_data' } },
}
export const STAND_IN_TYPES = [
  'OS::Octavia::LoadBalancer',
  'OS::Octavia::Listener',
  'OS::Octavia::Pool',
  'OS::Octavia::PoolMember',
  'OS::Octavia::HealthMonitor',
  'OS::Cinder::Volume',
  'OS::Cinder::VolumeAttachment',
]

const EMPTY: Record<string, unknown> = {
  comma_delimited_list: [],
  json: {},
  number: 0,
  boolean: false,
}

type Generated = {
  parameters: Record<string, { type: string; default?: unknown; constraints?: object[] }>
  outputs: Record<string, unknown>
}

/**
 * Heat's template for a type it knows but cannot create here: its properties as parameters,
 * its attributes as outputs (a server's also returns the user data it was given).
 */
export const standIns = async (
  token: string,
  url: string,
  types: readonly string[]
): Promise<Heat['standIns']> => {
  const available = (await (
    await fetch(`${url}/resource_types`, { headers: { 'X-Auth-Token': token } })
  ).json()) as { resource_types: string[] }
  const files: Record<string, string> = {}
  const registry: Record<string, string> = {}
  for (const type of types.filter(
    (t) => t === SERVER_STAND_IN || !available.resource_types.includes(t)
  )) {
    const res = await fetch(`${url}/resource_types/${type}/template?template_type=hot`, {
      headers: { 'X-Auth-Token': token },
    })
    const generated = (await res.json()) as Generated
    const parameters = Object.fromEntries(
      Object.entries(generated.parameters).map(([k, v]) => [
        k,
        type === SERVER_STAND_IN
          ? // Created, not just validated: every property optional, as the real one's are.
            { type: v.type, default: v.default ?? EMPTY[v.type] ?? '' }
          : { ...v, constraints: (v.constraints ?? []).filter((c) => Object.keys(c).length > 0) },
      ])
    )
    const file = `lab-${type.replace(/::/g, '-')}.yaml`
    files[file] = JSON.stringify({
      heat_template_version: '2021-04-16',
      parameters,
      outputs: {
        ...Object.fromEntries(Object.keys(generated.outputs).map((k) => [k, { value: '' }])),
        ...(type === SERVER_STAND_IN ? serverOutputs : {}),
      },
    })
    registry[type] = file
  }
  return { files, registry }
}

export const validate = async (heat: Heat, template: unknown, spec: StackSpec) => {
  const registry = (spec.environment.resource_registry ?? {}) as Record<string, string>
  const res = await fetch(`${heat.url}/validate`, {
    method: 'POST',
    headers: { 'X-Auth-Token': heat.token, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      template,
      files: { ...spec.files, ...heat.standIns.files },
      environment: {
        ...spec.environment,
        resource_registry: { ...registry, ...heat.standIns.registry },
      },
    }),
  })
  return { status: res.status, body: await res.text() }
}

/** The lab's Heat as the demo user, with stand-ins for the types it cannot create. */
export const labHeat = async (types: readonly string[]): Promise<Heat> => {
  const { token, heatUrl } = await demoToken()
  return { token, url: heatUrl, standIns: await standIns(token, heatUrl, types) }
}

/** A call to Heat; JSON bodies parsed. */
export const heatCall = async (heat: Heat, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${heat.url}${path}`, {
    method,
    headers: { 'X-Auth-Token': heat.token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as unknown }
}
