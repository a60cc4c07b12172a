import { Hono } from 'hono'
import { type DevCloud, identityUrl } from '../context'

const versionDoc = (cloud: DevCloud) => ({
  id: 'v3.14',
  status: 'stable',
  updated: '2020-04-07T00:00:00Z',
  links: [{ rel: 'self', href: `${identityUrl(cloud)}/` }],
  'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
})

/** GET / (300 Multiple Choices) and GET /v3: what keystoneauth reads to discover the API. */
export const keystoneDiscovery = (cloud: DevCloud) => {
  const app = new Hono()
  app.get('/', (c) => {
    c.header('Location', `${identityUrl(cloud)}/`)
    return c.json({ versions: { values: [versionDoc(cloud)] } }, 300)
  })
  for (const path of ['/v3', '/v3/']) app.get(path, (c) => c.json({ version: versionDoc(cloud) }))
  return app
}
