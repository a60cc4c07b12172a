import { describe, expect, it } from 'vitest'
import {
  createDynamoClients,
  type DynamoClients,
  LOCAL_CREDENTIALS,
  onDynamoClients,
} from './client'

describe('createDynamoClients', () => {
  it('talks to a given endpoint with fixed local credentials and bounded retries', async () => {
    const { client, doc } = createDynamoClients({
      endpoint: 'http://127.0.0.1:1',
      region: 'eu-west-1',
      maxAttempts: 2,
    })
    try {
      expect(await client.config.credentials()).toMatchObject(LOCAL_CREDENTIALS)
      expect(await client.config.maxAttempts()).toBe(2)
      expect(await client.config.region()).toBe('eu-west-1')
      expect(doc.config.translateConfig?.marshallOptions?.removeUndefinedValues).toBe(true)
    } finally {
      client.destroy()
    }
  })

  it('retries three times by default and names no endpoint on AWS', async () => {
    const { client } = createDynamoClients({ region: 'eu-west-1' })
    try {
      expect(await client.config.maxAttempts()).toBe(3)
      expect(client.config.endpoint).toBeUndefined()
    } finally {
      client.destroy()
    }
  })

  it('hands every new pair of clients to a registered hook until it is removed', () => {
    const seen: DynamoClients[] = []
    const remove = onDynamoClients((clients) => seen.push(clients))
    const first = createDynamoClients({ region: 'eu-west-1' })
    remove()
    const second = createDynamoClients({ region: 'eu-west-1' })
    try {
      expect(seen).toHaveLength(1)
      expect(seen[0]?.client).toBe(first.client)
      expect(seen[0]?.doc).toBe(first.doc)
    } finally {
      first.client.destroy()
      second.client.destroy()
    }
  })
})
