import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { UnauthorizedError } from '@berth/core/errors'
import { loadConfig } from '@berth/shared/config'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeps } from './deps'

const issuer = 'https://idp.example.test'
let server: Server
let jwksUrl: string
let sign: (claims: Record<string, unknown>) => Promise<string>

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ keys: [jwk] }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`
  sign = (claims) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('berth')
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey)
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

/** What a deployed API reads, with or without OIDC settings; nothing here is contacted. */
const depsWith = (oidc: Record<string, string>) =>
  createDeps(
    loadConfig(
      {
        BERTH_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
        BERTH_STATE_MACHINE_ARNS: JSON.stringify({
          'cluster-create': 'arn:aws:states:eu-west-1:123456789012:stateMachine:cluster-create',
        }),
        BERTH_LOG_LEVEL: 'SILENT',
        ...oidc,
      },
      {}
    )
  )

describe('createDeps: OIDC bearer tokens', () => {
  it('verifies them against the configured issuer when one is set', async () => {
    // Prepare
    const deps = await depsWith({
      BERTH_OIDC_ISSUER: issuer,
      BERTH_OIDC_AUDIENCE: 'berth',
      BERTH_OIDC_JWKS_URL: jwksUrl,
    })

    // Act
    const principal = await deps.authenticator.authenticate({
      bearerToken: await sign({ project_id: 'p1', roles: ['member'] }),
    })

    // Assess
    expect(principal).toMatchObject({ userId: 'alice', projectId: 'p1', authMethod: 'oidc' })
    expect(principal.roles).toEqual(['member', 'reader'])
    await deps.close()
  })

  it('refuses them when no issuer is configured', async () => {
    // Prepare
    const deps = await depsWith({})

    // Act
    const outcome = deps.authenticator.authenticate({
      bearerToken: await sign({ project_id: 'p1' }),
    })

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(UnauthorizedError)
    await expect(outcome).rejects.toThrow('requires authentication')
    await deps.close()
  })
})
