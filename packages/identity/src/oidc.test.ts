import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createOidcVerifier, expandRoles } from './oidc'

const issuer = 'https://idp.example.test'
let sign: (
  claims: Record<string, unknown>,
  opts?: { exp?: string; aud?: string; iss?: string }
) => Promise<string>
let verifier: ReturnType<typeof createOidcVerifier>

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }
  verifier = createOidcVerifier({
    issuer,
    audience: 'berth',
    jwks: createLocalJWKSet({ keys: [jwk] }),
  })
  sign = (claims, opts = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? 'berth')
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(privateKey)
})

describe('Function: createOidcVerifier', () => {
  it('maps claims to a principal with implied roles', async () => {
    const p = await verifier.verify(await sign({ project_id: 'p1', roles: ['member'] }))
    expect(p).toMatchObject({ userId: 'user-1', projectId: 'p1', authMethod: 'oidc' })
    expect(p.roles.sort()).toEqual(['member', 'reader'])
  })

  it.each([
    ['an expired token', { exp: '-1m' }, 'rejected'],
    ['another audience', { aud: 'other' }, 'rejected'],
    ['another issuer', { iss: 'https://evil.test' }, 'rejected'],
  ])('rejects %s', async (_name, opts, message) => {
    await expect(verifier.verify(await sign({ project_id: 'p1' }, opts))).rejects.toThrow(message)
  })

  it('rejects a token without a project claim', async () => {
    await expect(verifier.verify(await sign({ roles: ['admin'] }))).rejects.toThrow(
      "no 'project_id' claim"
    )
  })

  it('rejects a tampered signature', async () => {
    const jwt = await sign({ project_id: 'p1' })
    const [h, , s] = jwt.split('.')
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'x', project_id: 'p2', iss: issuer, aud: 'berth', exp: 9e9 })).toString('base64url')}.${s}`
    await expect(verifier.verify(forged)).rejects.toThrow('rejected')
  })
})

describe('Function: expandRoles', () => {
  it('follows Keystone’s admin ⇒ member ⇒ reader inference', () => {
    expect(expandRoles(['admin']).sort()).toEqual(['admin', 'member', 'reader'])
    expect(expandRoles(['reader'])).toEqual(['reader'])
  })
})
