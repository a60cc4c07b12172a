import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type RunningBerth, startBerth, token } from '../support/berth'

interface WireError {
  errors: { request_id: string; code: string; status: number; title: string; detail: string }[]
}

let berth: RunningBerth
beforeAll(async () => {
  berth = await startBerth()
})
afterAll(async () => berth?.stop())

describe('API core: discovery, microversions, identity, errors', () => {
  it('serves version discovery without authentication', async () => {
    const root = await api().get('/')
    expect(root.status).toBe(200)
    expect(root.body).toMatchObject({
      versions: [{ id: 'v1', status: 'CURRENT', min_version: '1.1', max_version: '1.14' }],
    })
    expect(root.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/)
    const v1 = await api().get('/v1')
    expect(v1.status).toBe(200)
    expect(v1.body).toHaveProperty('clustertemplates')
    expect(v1.body).toHaveProperty('baymodels')
    expect(v1.headers.get('openstack-api-maximum-version')).toBe('container-infra 1.14')
  })

  it('negotiates microversions and echoes Magnum’s headers', async () => {
    const none = await api('demo').get('/v1/clustertemplates', {
      headers: { 'OpenStack-API-Version': null },
    })
    expect(none.status).toBe(200)
    expect(none.headers.get('openstack-api-version')).toBe('container-infra 1.1')
    expect(none.headers.get('openstack-api-minimum-version')).toBe('container-infra 1.1')
    expect(none.headers.get('vary')).toContain('OpenStack-API-Version')
    const latest = await api('demo').get('/v1/clustertemplates')
    expect(latest.headers.get('openstack-api-version')).toBe('container-infra 1.14')
  })

  it.each([
    ['container-infra 1.99', 'Version 1.99 was requested'],
    ['compute 2.1', 'Invalid service type'],
    ['container-infra x.y', 'Invalid value'],
  ])('answers 406 for OpenStack-API-Version: %s', async (header, detail) => {
    const r = await api('demo').get<WireError>('/v1/clustertemplates', {
      headers: { 'OpenStack-API-Version': header },
    })
    expect(r.status).toBe(406)
    expect(r.body.errors[0]?.detail).toContain(detail)
    expect(r.headers.get('openstack-api-maximum-version')).toBe('container-infra 1.14')
  })

  it('answers 401 in Magnum’s format without a token or with a bad one', async () => {
    for (const headers of [{}, { 'X-Auth-Token': 'not-a-token' }] as Record<string, string>[]) {
      const r = await api().get<WireError>('/v1/clustertemplates', { headers })
      expect(r.status).toBe(401)
      expect(r.body.errors[0]).toMatchObject({ status: 401, code: 'client' })
      expect(r.body.errors[0]?.request_id).toBe(r.headers.get('x-openstack-request-id'))
      expect(r.headers.get('www-authenticate')).toContain('Keystone uri=')
    }
  })

  it('answers unknown paths with a Magnum 404', async () => {
    const r = await api('demo').get<WireError>('/v1/nothing-here')
    expect(r.status).toBe(404)
    expect(r.body.errors[0]?.status).toBe(404)
  })

  it('validates a token once, then serves it from the cache', async () => {
    const t = await token('demo')
    const first = await api('demo').get('/v1/clustertemplates')
    const again = await api('demo').get('/v1/clustertemplates')
    expect(first.status).toBe(200)
    expect(again.status).toBe(200)
    expect(t.length).toBeGreaterThan(10)
  })
})
