import { describe, expect, it } from 'vitest'
import { seedIds } from '../seed'
import { testCloud } from '../testing'

const DEMO = seedIds.user('demo')
const BERTH = seedIds.user('berth')

type Json = Record<string, unknown>

const setup = async () => {
  const t = testCloud()
  const demo = await t.tokenFor('demo')
  const demoProject = seedIds.project('demo')
  const trust = (token: string, body: Json = {}) =>
    t.request('/v3/OS-TRUST/trusts', {
      method: 'POST',
      token,
      json: {
        trust: {
          trustor_user_id: DEMO,
          trustee_user_id: BERTH,
          project_id: demoProject,
          impersonation: true,
          roles: [{ name: 'member' }],
          ...body,
        },
      },
    })
  const asTrustee = (trustId: string, user = 'berth') =>
    t.request('/v3/auth/tokens', {
      method: 'POST',
      json: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: user, domain: { id: 'default' }, password: user } },
          },
          scope: { 'OS-TRUST:trust': { id: trustId } },
        },
      },
    })
  return { t, demo, demoProject, trust, asTrustee }
}

describe('trusts (OS-TRUST)', () => {
  it("lets the trustee act as the trustor on the trust's project, with the trust's roles", async () => {
    const { demoProject, demo, trust, asTrustee } = await setup()
    const made = await trust(demo, { allow_redelegation: true })
    const body = (await made.json()) as { trust: Json }
    expect(made.status).toBe(201)
    expect(body.trust).toMatchObject({
      trustor_user_id: DEMO,
      trustee_user_id: BERTH,
      project_id: demoProject,
      impersonation: true,
      redelegation_count: 3,
      redelegated_trust_id: null,
    })
    const auth = await asTrustee(String(body.trust.id))
    const token = ((await auth.json()) as { token: Json }).token
    expect(auth.status).toBe(201)
    expect(token).toMatchObject({
      user: { id: DEMO },
      project: { id: demoProject },
      'OS-TRUST:trust': {
        id: body.trust.id,
        impersonation: true,
        trustor_user: { id: DEMO },
        trustee_user: { id: BERTH },
      },
    })
    expect((token.roles as { name: string }[]).map((r) => r.name).sort()).toEqual([
      'member',
      'reader',
    ])
    // A trust allowing it may be passed on with the trust token (as Heat does for a stack).
    const onward = await trust(auth.headers.get('X-Subject-Token') ?? '', {
      trustee_user_id: seedIds.user('admin'),
    })
    expect(onward.status).toBe(201)
    expect(((await onward.json()) as { trust: Json }).trust).toMatchObject({
      redelegated_trust_id: body.trust.id,
      redelegation_count: 2,
    })
  })

  it('refuses anyone but the trustee, unknown trusts and application-credential tokens', async () => {
    const { t, demo, trust, asTrustee } = await setup()
    const id = String(((await (await trust(demo)).json()) as { trust: Json }).trust.id)
    expect((await asTrustee(id, 'alt')).status).toBe(403)
    expect((await asTrustee('nope')).status).toBe(401)
    const cred = (await (
      await t.request(`/v3/users/${DEMO}/application_credentials`, {
        method: 'POST',
        token: demo,
        json: { application_credential: { name: 'ci' } },
      })
    ).json()) as { application_credential: { id: string; secret: string } }
    const credToken = await t.issue({
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: {
            id: cred.application_credential.id,
            secret: cred.application_credential.secret,
          },
        },
      },
    })
    const refused = await trust(credToken)
    expect(refused.status).toBe(403)
    expect(JSON.stringify(await refused.json())).toContain('Delegated tokens cannot manage trusts')
    expect((await trust(await t.tokenFor('alt'))).status).toBe(403)
  })

  it('is shown to its parties only; deleting it ends its tokens; deleting it again is 404', async () => {
    const { t, demo, trust, asTrustee } = await setup()
    const id = String(((await (await trust(demo)).json()) as { trust: Json }).trust.id)
    const acting = (await asTrustee(id)).headers.get('X-Subject-Token') ?? ''
    const alt = await t.tokenFor('alt')
    expect((await t.request(`/v3/OS-TRUST/trusts/${id}`, { token: demo })).status).toBe(200)
    expect((await t.request(`/v3/OS-TRUST/trusts/${id}`, { token: alt })).status).toBe(403)
    expect(
      (await t.request(`/v3/OS-TRUST/trusts/${id}`, { method: 'DELETE', token: alt })).status
    ).toBe(403)
    expect(
      (await t.request(`/v3/OS-TRUST/trusts/${id}`, { method: 'DELETE', token: demo })).status
    ).toBe(204)
    const validation = await t.request('/v3/auth/tokens', {
      token: demo,
      headers: { 'X-Subject-Token': acting },
    })
    expect(validation.status).toBe(404)
    expect(
      (await t.request(`/v3/OS-TRUST/trusts/${id}`, { method: 'DELETE', token: demo })).status
    ).toBe(404)
  })
})
