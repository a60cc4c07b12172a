import {
  type CertificateDeps,
  caKindOf,
  getCaCertificate,
  rotateCa,
  signCertificate,
} from '@berth/core/certificates'
import { InvalidError } from '@berth/core/errors'
import { Hono } from 'hono'
import * as z from 'zod/mini'
import type { AppEnv } from '../env'
import { readJson } from '../middleware/body'
import { onlyQuery, parseBody } from '../validation'
import { renderCaCertificate, renderSignedCertificate } from '../views/certificate'

export interface CertificateRouteOptions {
  deps: CertificateDeps
  maxBodyBytes: number
}

/** POST body: the cluster by `cluster_uuid` or, as Zed clients send it, `bay_uuid`. */
export const CertificateInputSchema = z.object({
  cluster_uuid: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
  bay_uuid: z.optional(z.string().check(z.minLength(1), z.maxLength(255))),
  csr: z.string().check(z.minLength(1)),
  ca_cert_type: z.optional(z.string().check(z.maxLength(64))),
})

/** Attributes of the response a client may send back; they are ignored. */
const READ_ONLY = ['pem', 'links']

/** /v1/certificates: a cluster's CAs, CSR signing, CA rotation. */
export const certificateRoutes = (o: CertificateRouteOptions) => {
  const { deps } = o
  return new Hono<AppEnv>()
    .get('/:ident', async (c) => {
      const query = c.req.query()
      onlyQuery(query, ['ca_cert_type'])
      const kind = caKindOf(query.ca_cert_type)
      const view = await getCaCertificate(deps, c.get('principal'), c.req.param('ident'), kind)
      return c.json(renderCaCertificate(view, c.get('baseUrl'), c.get('apiVersion')))
    })
    .post('/', async (c) => {
      onlyQuery(c.req.query(), [])
      const body = await readJson(c, o.maxBodyBytes)
      const input = parseBody(CertificateInputSchema, body, 'certificate', READ_ONLY)
      const cluster = input.cluster_uuid ?? input.bay_uuid
      if (cluster === undefined) throw new InvalidError('Mandatory field missing: cluster_uuid.')
      const view = await signCertificate(deps, c.get('principal'), {
        cluster,
        csr: input.csr,
        kind: caKindOf(input.ca_cert_type),
      })
      const base = c.get('baseUrl')
      c.header('Location', `${base}/v1/certificates/${view.aggregate.cluster.uuid}`)
      return c.json(renderSignedCertificate(view, input, base, c.get('apiVersion')), 201)
    })
    .patch('/:ident', async (c) => {
      // No body: python-magnumclient sends none, and Magnum reads none.
      onlyQuery(c.req.query(), [])
      const a = await rotateCa(deps, c.get('principal'), c.req.param('ident'))
      return c.json({ uuid: a.cluster.uuid }, 202)
    })
}
