import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { formatVersion, MAX_API_VERSION, MIN_API_VERSION } from '../middleware/api-version'

const DESCRIPTION =
  'Berth serves container orchestration engines as cloud resources through the Magnum v1 API.'

/** GET / (no auth): the API versions, in Magnum's shape. */
export const rootRoutes = () =>
  new Hono<AppEnv>().get('/', (c) =>
    c.json({
      name: 'OpenStack Magnum API',
      description: DESCRIPTION,
      versions: [
        {
          id: 'v1',
          status: 'CURRENT',
          min_version: formatVersion(MIN_API_VERSION),
          max_version: formatVersion(MAX_API_VERSION),
          links: [{ href: `${c.get('baseUrl')}/v1/`, rel: 'self' }],
        },
      ],
    })
  )

/** GET /v1 (no auth): the v1 document, one entry per collection Berth actually serves. */
export const v1Document = (collections: readonly string[]) =>
  new Hono<AppEnv>().get('/', (c) => {
    const base = c.get('baseUrl')
    const links = (path: string) => [
      { href: `${base}/v1/${path}`, rel: 'self' },
      { href: `${base}/${path}`, rel: 'bookmark' },
    ]
    return c.json({
      id: 'v1',
      links: [
        { href: `${base}/v1/`, rel: 'self' },
        {
          href: 'http://docs.openstack.org/developer/magnum/dev/api-spec-v1.html',
          rel: 'describedby',
          type: 'text/html',
        },
      ],
      media_types: [{ base: 'application/json', type: 'application/vnd.openstack.magnum.v1+json' }],
      ...Object.fromEntries(collections.map((name) => [name, links(name)])),
    })
  })
