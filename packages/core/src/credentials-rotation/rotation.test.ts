import { describe, expect, it } from 'vitest'
import { deleteCluster } from '../clusters/delete'
import { CLUSTER } from '../clusters/deps'
import { completeCluster, failure, forceStatus, principal } from '../clusters/test-support'
import { credentialUpdate, pushCredential, retirePreviousCredential } from './push'
import { rotateCredential } from './rotate'

const demo = principal('demo')
/** Another member of demo's project. */
const teammate = { ...principal('demo'), userId: 'u-teammate', token: 'token-teammate' }

const cluster = (stack = true) => completeCluster({ extra: stack ? { stack_id: 'stack-1' } : {} })

const kindOf = async (p: Promise<unknown>) => (await failure(p)).kind

describe('rotateCredential', () => {
  it('stores a new credential at once and starts a push, keeping the old until it completes', async () => {
    const { f, uuid } = await cluster()
    const a = await rotateCredential(f.deps, teammate, uuid)
    expect(a.cluster.credential).toMatchObject({ id: 'cred-2', user_id: 'u-teammate' })
    expect(a.cluster.previous_credential).toMatchObject({ id: 'cred-1', user_id: 'u-demo' })
    expect(a.cluster.status).toBe('UPDATE_IN_PROGRESS')
    expect(a.cluster.operation).toMatchObject({
      kind: 'cluster-update',
      params: { credential_rotation: true, rollback: false },
    })
    expect(f.started.map((s) => s.input.kind)).toEqual(['cluster-update'])
    expect(f.revoked).toEqual([])
    // A second rotation while the push runs is refused.
    expect(await kindOf(rotateCredential(f.deps, demo, uuid))).toBe('invalid')
  })

  it('after a failed push keeps the credential the nodes surely had and drops the undelivered one', async () => {
    const { f, uuid } = await cluster()
    await rotateCredential(f.deps, demo, uuid) // cred-2, previous cred-1
    forceStatus(f, uuid, 'UPDATE_FAILED')
    const again = await rotateCredential(f.deps, demo, uuid) // cred-3
    expect(again.cluster.credential?.id).toBe('cred-3')
    expect(again.cluster.previous_credential?.id).toBe('cred-1')
    expect(f.revoked).toEqual(['cred-2'])
  })

  it('swaps and revokes at once when no stack holds the credential', async () => {
    const { f, uuid } = await cluster(false)
    const a = await rotateCredential(f.deps, demo, uuid)
    expect(a.cluster).toMatchObject({ status: 'CREATE_COMPLETE', previous_credential: null })
    expect(a.cluster.credential?.id).toBe('cred-2')
    expect(f.revoked).toEqual(['cred-1'])
    expect(f.started).toEqual([])
  })

  it('refuses other projects, readers, busy clusters, and revokes what it minted on a race', async () => {
    const { f, uuid } = await cluster()
    expect(await kindOf(rotateCredential(f.deps, principal('alt'), uuid))).toBe('not_found')
    expect(await kindOf(rotateCredential(f.deps, principal('admin'), uuid))).toBe('forbidden')
    const reader = { ...demo, roles: ['reader'] }
    expect(await kindOf(rotateCredential(f.deps, reader, uuid))).toBe('forbidden')
    forceStatus(f, uuid, 'CREATE_FAILED')
    expect(await kindOf(rotateCredential(f.deps, demo, uuid))).toBe('invalid')
    expect(f.issued).toEqual(['cred-1'])

    forceStatus(f, uuid, 'CREATE_COMPLETE')
    const save = f.clusters.save.bind(f.clusters)
    f.clusters.save = async () => {
      throw new Error('table down')
    }
    await expect(rotateCredential(f.deps, demo, uuid)).rejects.toThrow('table down')
    f.clusters.save = save
    expect(f.revoked).toEqual(['cred-2'])
  })
})

describe('delete after the creator left', () => {
  it('runs the delete on a credential minted for the member who deletes', async () => {
    const { f, uuid } = await cluster()
    await deleteCluster(f.deps, teammate, uuid, CLUSTER)
    const c = f.clusters.clusters.get(uuid)
    expect(c?.status).toBe('DELETE_IN_PROGRESS')
    expect(c?.credential).toMatchObject({ id: 'cred-2', user_id: 'u-teammate' })
    expect(c?.previous_credential?.id).toBe('cred-1')
  })

  it('keeps the credential when its owner or an admin of another project deletes', async () => {
    const { f, uuid } = await cluster()
    await deleteCluster(f.deps, principal('admin'), uuid, CLUSTER)
    expect(f.clusters.clusters.get(uuid)?.credential?.id).toBe('cred-1')
    const own = await cluster()
    await deleteCluster(own.f.deps, demo, own.uuid, CLUSTER)
    expect(own.f.clusters.clusters.get(own.uuid)?.credential?.id).toBe('cred-1')
  })
})

describe('pushing a credential to stacks', () => {
  const creds = { applicationCredentialId: 'new', applicationCredentialSecret: 's3cret' }

  it('updates only stacks that hold a credential, keeping their template', async () => {
    const updates: [string, unknown][] = []
    const stacks = new Map([
      ['a', { parameters: { application_credential_id: 'old', x: '1' } }],
      ['b', { parameters: { x: '1' } }],
    ])
    const cloud = {
      stacks: {
        get: async (id: string) => stacks.get(id) as never,
        update: async (id: string, u: unknown) => void updates.push([id, u]),
      } as never,
    }
    expect(await pushCredential(cloud, ['a', 'b', 'gone'], creds)).toEqual(['a'])
    expect(updates).toEqual([
      [
        'a',
        {
          parameters: { application_credential_id: 'new', application_credential_secret: 's3cret' },
          disableRollback: true,
        },
      ],
    ])
    expect(credentialUpdate({ parameters: {} }, creds)).toBeUndefined()
  })

  it('revokes the replaced credential once', async () => {
    const revoked: string[] = []
    const issuer = { revoke: async (_u: string, id: string) => void revoked.push(id) }
    const old = {
      kind: 'application_credential' as const,
      id: 'old',
      name: 'n',
      user_id: 'u',
      sealed_secret: 's',
      created_at: 't',
    }
    expect(await retirePreviousCredential(issuer, { previous_credential: old })).toEqual({
      previous_credential: null,
    })
    expect(await retirePreviousCredential(issuer, { previous_credential: null })).toEqual({
      previous_credential: null,
    })
    expect(revoked).toEqual(['old'])
  })
})
