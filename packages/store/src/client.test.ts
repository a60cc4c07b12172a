import { describe, expect, it } from 'vitest'
import { createDynamoClients, LOCAL_CREDENTIALS } from './client'

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
})
