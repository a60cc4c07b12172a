import type { DynamoDb } from '@berth/aws/dynamodb'
import { checkSigV4, type FakeAws, startFakeAws } from '@berth/aws/test-support'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDynamoClient, LOCAL_CREDENTIALS, onDynamoClient } from './client'

let fake: FakeAws | undefined
afterEach(async () => {
  await fake?.close()
  vi.unstubAllEnvs()
})

describe('createDynamoClient', () => {
  it('talks to a given endpoint with fixed local credentials and bounded retries', async () => {
    fake = await startFakeAws(() => ({ status: 500, body: { __type: 'x#InternalServerError' } }))
    // Environment credentials must not be what a local endpoint gets.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDENV')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret')
    const db = createDynamoClient({ endpoint: fake.endpoint, region: 'eu-west-1', maxAttempts: 2 })
    await expect(db.describeTable({ TableName: 't' })).rejects.toMatchObject({
      name: 'InternalServerError',
    })
    expect(fake.requests).toHaveLength(2)
    const sig = checkSigV4(fake.requests[0]!, LOCAL_CREDENTIALS.secretAccessKey)
    expect(sig.accessKeyId).toBe(LOCAL_CREDENTIALS.accessKeyId)
    expect(sig.scope).toMatch(/\/eu-west-1\/dynamodb\/aws4_request$/)
    expect(sig.valid).toBe(true)
  })

  it('retries three times by default', async () => {
    fake = await startFakeAws(() => ({ status: 503, body: {} }))
    const db = createDynamoClient({ endpoint: fake.endpoint, region: 'eu-west-1' })
    await expect(db.get({ TableName: 't', Key: { PK: 'a' } })).rejects.toMatchObject({
      status: 503,
    })
    expect(fake.requests).toHaveLength(3)
  })

  it('hands every new client to a registered hook until it is removed', () => {
    const seen: DynamoDb[] = []
    const remove = onDynamoClient((db) => seen.push(db))
    const first = createDynamoClient({ region: 'eu-west-1' })
    remove()
    createDynamoClient({ region: 'eu-west-1' })
    expect(seen).toEqual([first])
  })
})
