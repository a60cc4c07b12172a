import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  CloudSelectionError,
  cloudFromCloudsYaml,
  cloudsYamlPaths,
  keystoneV3Url,
  selectCloud,
} from './cloud-selection'

const files = (entries: Record<string, string>) => (path: string) => entries[path]

const CLOUDS = `
clouds:
  prod:
    auth:
      auth_url: https://keystone.example.org:5000
      username: someone
      password: secret
    region_name: RegionTwo
  lab:
    auth:
      auth_url: http://10.0.0.5/identity/v3/
    regions:
      - name: North
      - South
  broken:
    region_name: X
`

describe('selectCloud', () => {
  it('chooses the development cloud when neither OS_AUTH_URL nor OS_CLOUD is set', () => {
    expect(selectCloud({}, ['/nowhere'], files({}))).toEqual({ kind: 'development' })
    expect(selectCloud({ OS_CLOUD: '  ', OS_AUTH_URL: '' }, [], files({}))).toEqual({
      kind: 'development',
    })
  })

  it('uses OS_AUTH_URL with OS_REGION_NAME', () => {
    expect(
      selectCloud({ OS_AUTH_URL: 'http://kc:5000/v3', OS_REGION_NAME: 'R1' }, [], files({}))
    ).toEqual({
      kind: 'external',
      authUrl: 'http://kc:5000/v3',
      regionName: 'R1',
      source: 'OS_AUTH_URL',
    })
  })

  it('prefers OS_AUTH_URL over OS_CLOUD and never reads clouds.yaml then', () => {
    const read = (): string => {
      throw new Error('clouds.yaml must not be read')
    }
    const choice = selectCloud(
      { OS_AUTH_URL: 'http://kc:5000', OS_CLOUD: 'prod' },
      ['/c.yaml'],
      read
    )
    expect(choice).toMatchObject({ kind: 'external', authUrl: 'http://kc:5000/v3' })
  })

  it('takes auth_url and region from the named cloud, naming the file it came from', () => {
    const choice = selectCloud(
      { OS_CLOUD: 'prod' },
      ['/a/clouds.yaml'],
      files({ '/a/clouds.yaml': CLOUDS })
    )
    expect(choice).toEqual({
      kind: 'external',
      authUrl: 'https://keystone.example.org:5000/v3',
      regionName: 'RegionTwo',
      source: 'cloud "prod" in /a/clouds.yaml',
    })
  })

  it('lets OS_REGION_NAME override the region in clouds.yaml', () => {
    const choice = selectCloud(
      { OS_CLOUD: 'prod', OS_REGION_NAME: 'Mine' },
      ['/c'],
      files({ '/c': CLOUDS })
    )
    expect(choice).toMatchObject({ regionName: 'Mine' })
  })

  it('reads the first clouds.yaml that exists, like the OpenStack client', () => {
    const paths = [
      '/cwd/clouds.yaml',
      '/home/u/.config/openstack/clouds.yaml',
      '/etc/openstack/clouds.yaml',
    ]
    const other = 'clouds:\n  prod:\n    auth:\n      auth_url: http://first/v3\n'
    const choice = selectCloud(
      { OS_CLOUD: 'prod' },
      paths,
      files({ [paths[1] as string]: other, [paths[2] as string]: CLOUDS })
    )
    expect(choice).toMatchObject({ authUrl: 'http://first/v3', regionName: undefined })
  })
})

describe('cloudFromCloudsYaml', () => {
  it('takes the first of `regions` (object or string form) and keeps a versioned URL as is', () => {
    expect(cloudFromCloudsYaml('lab', ['/c'], files({ '/c': CLOUDS }))).toEqual({
      authUrl: 'http://10.0.0.5/identity/v3',
      regionName: 'North',
      path: '/c',
    })
  })

  it.each([
    ['missing', /no such cloud in \/c \(it defines: prod, lab, broken\)/],
    ['broken', /has no auth\.auth_url/],
  ])('explains a cloud that cannot be used (%s)', (name, message) => {
    expect(() => cloudFromCloudsYaml(name, ['/c'], files({ '/c': CLOUDS }))).toThrow(message)
  })

  it('explains when no file exists, or a file is not a clouds.yaml', () => {
    expect(() => cloudFromCloudsYaml('x', ['/a', '/b'], files({}))).toThrow(
      'OS_CLOUD=x is set but no clouds.yaml was found in /a, /b'
    )
    expect(() => cloudFromCloudsYaml('x', ['/a'], files({ '/a': 'clouds: [1' }))).toThrow(
      CloudSelectionError
    )
    expect(() => cloudFromCloudsYaml('x', ['/a'], files({ '/a': 'other: 1' }))).toThrow(
      /has no "clouds:" mapping/
    )
  })

  describe('on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-clouds-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('reads a real file and skips paths that do not exist', () => {
      const path = join(dir, 'clouds.yaml')
      writeFileSync(path, CLOUDS)
      expect(cloudFromCloudsYaml('prod', [join(dir, 'absent.yaml'), path])).toMatchObject({
        authUrl: 'https://keystone.example.org:5000/v3',
        path,
      })
    })
  })
})

describe('cloudsYamlPaths', () => {
  it('lists the working directory, the user config and /etc, in that order', () => {
    expect(cloudsYamlPaths('/w', '/home/u')).toEqual([
      '/w/clouds.yaml',
      '/home/u/.config/openstack/clouds.yaml',
      '/etc/openstack/clouds.yaml',
    ])
  })
})

describe('keystoneV3Url', () => {
  it.each([
    ['http://k:5000', 'http://k:5000/v3'],
    ['http://k:5000/', 'http://k:5000/v3'],
    ['http://k/identity', 'http://k/identity/v3'],
    ['http://k:5000/v3/', 'http://k:5000/v3'],
    ['http://k:5000/v2.0', 'http://k:5000/v2.0'],
  ])('%s → %s', (input, expected) => {
    expect(keystoneV3Url(input)).toBe(expected)
  })
})
