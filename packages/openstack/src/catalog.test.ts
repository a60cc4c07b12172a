import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Catalog, EndpointNotFoundError, endpointFor, versionedUrl } from './catalog'

const ep = (iface: string, region: string, url: string) => ({
  interface: iface,
  region,
  region_id: region,
  url,
})

// Shaped like the catalog of a real Keystone 22 token.
const catalog: Catalog = [
  {
    type: 'compute',
    name: 'nova',
    endpoints: [
      ep('public', 'RegionOne', 'http://one:8774/v2.1'),
      ep('internal', 'RegionOne', 'http://one-int:8774/v2.1'),
      ep('public', 'RegionTwo', 'http://two:8774/v2.1/p123'),
    ],
  },
  {
    type: 'container-infra',
    name: 'magnum',
    endpoints: [ep('public', 'RegionOne', 'http://m:9511/v1')],
  },
  { type: 'network', name: 'neutron', endpoints: [ep('public', 'RegionOne', 'http://n:9696')] },
]

describe('Function: endpointFor', () => {
  it('picks by interface and region', () => {
    expect(endpointFor(catalog, { serviceType: 'compute' })).toBe('http://one:8774/v2.1')
    expect(endpointFor(catalog, { serviceType: 'compute', interface: 'internal' })).toBe(
      'http://one-int:8774/v2.1'
    )
    expect(endpointFor(catalog, { serviceType: 'compute', region: 'RegionTwo' })).toBe(
      'http://two:8774/v2.1/p123'
    )
  })

  it('finds a service registered under an alias of the requested type', () => {
    expect(endpointFor(catalog, { serviceType: 'container-infrastructure-management' })).toBe(
      'http://m:9511/v1'
    )
    expect(endpointFor(catalog, { serviceType: 'container-infra' })).toBe('http://m:9511/v1')
  })

  it('prefers the official type when both the official type and an alias are listed', () => {
    // Prepare
    const both: Catalog = [
      { type: 'volumev3', endpoints: [ep('public', 'R', 'http://old')] },
      { type: 'block-storage', endpoints: [ep('public', 'R', 'http://new')] },
    ]

    // Act & Assess
    expect(endpointFor(both, { serviceType: 'volumev3' })).toBe('http://new')
  })

  it('says clearly when a service is missing', () => {
    expect(() => endpointFor(catalog, { serviceType: 'image' })).toThrow(
      new EndpointNotFoundError('image', "service type 'image' is not in the service catalog")
    )
  })

  it('names the regions that do have the service', () => {
    expect(() => endpointFor(catalog, { serviceType: 'compute', region: 'RegionNine' })).toThrow(
      "no public endpoint for service type 'compute' in region 'RegionNine' (it has public endpoints in: RegionOne, RegionTwo)"
    )
    expect(() => endpointFor(catalog, { serviceType: 'network', interface: 'admin' })).toThrow(
      "no admin endpoint for service type 'network'"
    )
  })
})

describe('Function: versionedUrl', () => {
  it.each([
    ['http://nova:8774', 'v2.1', 'http://nova:8774/v2.1'],
    ['http://nova:8774/v2.1', 'v2.1', 'http://nova:8774/v2.1'],
    ['http://nova:8774/v2.1/', 'v2.1', 'http://nova:8774/v2.1'],
    ['http://nova:8774/v2/abc123', 'v2.1', 'http://nova:8774/v2.1/abc123'],
    ['http://host/compute/v2.1', 'v2.1', 'http://host/compute/v2.1'],
    ['http://neutron:9696', 'v2.0', 'http://neutron:9696/v2.0'],
    ['http://neutron:9696/', 'v2.0', 'http://neutron:9696/v2.0'],
    ['https://cloud/networking', 'v2.0', 'https://cloud/networking/v2.0'],
    ['http://glance:9292', 'v2', 'http://glance:9292/v2'],
    ['http://keystone:5000/v3/', 'v3', 'http://keystone:5000/v3'],
    ['http://keystone:5000/identity', 'v3', 'http://keystone:5000/identity/v3'],
  ])('%s at %s → %s', (endpoint, version, expected) => {
    expect(versionedUrl(endpoint, version)).toBe(expected)
  })

  it('is idempotent and always yields a URL with the requested version segment', () => {
    const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 3 }),
        fc.constantFrom('v2', 'v2.0', 'v2.1', 'v3'),
        fc.boolean(),
        (path, version, trailingSlash) => {
          const endpoint = `http://h:1/${path.join('/')}${trailingSlash ? '/' : ''}`
          const once = versionedUrl(endpoint, version)
          const versions = new URL(once).pathname.split('/').filter((p) => /^v\d+(\.\d+)?$/.test(p))
          return versionedUrl(once, version) === once && versions.includes(version)
        }
      )
    )
  })
})
