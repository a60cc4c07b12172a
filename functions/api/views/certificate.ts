import type { CaView } from '@berth/core/certificates'
import { type ApiVersion, atLeast } from '../middleware/api-version'
import { resourceLinks } from './links'

/** Zed's shape names the cluster twice; bay_uuid went with bays in 1.11. */
const owner = (uuid: string, v: ApiVersion) => ({
  cluster_uuid: uuid,
  ...(atLeast(v, 1, 11) ? {} : { bay_uuid: uuid }),
})

/** GET /v1/certificates/{cluster}: `{cluster_uuid, bay_uuid, pem, links}`. */
export const renderCaCertificate = (view: CaView, baseUrl: string, v: ApiVersion) => {
  const uuid = view.aggregate.cluster.uuid
  return {
    ...owner(uuid, v),
    pem: view.pem,
    links: resourceLinks(baseUrl, 'certificates', uuid),
  }
}

/** POST /v1/certificates: the request echoed with the signed certificate. */
export const renderSignedCertificate = (
  view: CaView,
  request: { csr: string; ca_cert_type?: string | undefined },
  baseUrl: string,
  v: ApiVersion
) => {
  const uuid = view.aggregate.cluster.uuid
  return {
    ...owner(uuid, v),
    csr: request.csr,
    pem: view.pem,
    ...(request.ca_cert_type !== undefined ? { ca_cert_type: request.ca_cert_type } : {}),
    links: resourceLinks(baseUrl, 'certificates', uuid),
  }
}
