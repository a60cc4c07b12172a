import { afterEach, describe, expect, it } from 'vitest'
import {
  cancellationReasons,
  conditionFailedItem,
  DynamoDb,
  isConditionalCheckFailed,
  isTransactionCanceled,
  transactionCanceled,
} from './dynamodb'
import { type FakeAnswer, type FakeAws, type SeenRequest, startFakeAws } from './test-support'

let fake: FakeAws | undefined
afterEach(async () => {
  await fake?.close()
})

const db = async (answer: (r: SeenRequest) => FakeAnswer) => {
  fake = await startFakeAws(answer)
  return {
    db: new DynamoDb({
      region: 'us-east-1',
      endpoint: fake.endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    }),
    requests: fake.requests,
  }
}

describe('Class: DynamoDb', () => {
  it('marshals keys, items and expression values, and unmarshals what comes back', async () => {
    const { db: d, requests } = await db((r) =>
      r.operation === 'GetItem'
        ? { body: { Item: { PK: { S: 'p' }, n: { N: '3' }, tags: { L: [{ S: 'a' }] } } } }
        : { body: { Attributes: { n: { N: '4' } } } }
    )
    const got = await d.get({ TableName: 't', Key: { PK: 'p', SK: 's' }, ConsistentRead: true })
    expect(got).toEqual({ Item: { PK: 'p', n: 3, tags: ['a'] } })
    const updated = await d.update({
      TableName: 't',
      Key: { PK: 'p', SK: 's' },
      UpdateExpression: 'ADD #n :v0',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':v0': 1, ':gone': undefined },
      ReturnValues: 'UPDATED_NEW',
    })
    expect(updated).toEqual({ Attributes: { n: 4 } })
    await d.put({ TableName: 't', Item: { PK: 'p', SK: 's', maybe: undefined, ok: true } })
    expect(requests.map((r) => [r.operation, r.json])).toEqual([
      [
        'GetItem',
        { TableName: 't', Key: { PK: { S: 'p' }, SK: { S: 's' } }, ConsistentRead: true },
      ],
      [
        'UpdateItem',
        {
          TableName: 't',
          Key: { PK: { S: 'p' }, SK: { S: 's' } },
          UpdateExpression: 'ADD #n :v0',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':v0': { N: '1' } },
          ReturnValues: 'UPDATED_NEW',
        },
      ],
      ['PutItem', { TableName: 't', Item: { PK: { S: 'p' }, SK: { S: 's' }, ok: { BOOL: true } } }],
    ])
  })

  it('pages a query through plain start keys', async () => {
    const { db: d, requests } = await db((r) =>
      r.json.ExclusiveStartKey
        ? { body: { Items: [{ v: { N: '2' } }], Count: 1 } }
        : { body: { Items: [{ v: { N: '1' } }], Count: 1, LastEvaluatedKey: { PK: { S: 'k' } } } }
    )
    const first = await d.query({ TableName: 't', KeyConditionExpression: 'x', Limit: 1 })
    expect(first).toEqual({ Items: [{ v: 1 }], Count: 1, LastEvaluatedKey: { PK: 'k' } })
    const second = await d.query({
      TableName: 't',
      KeyConditionExpression: 'x',
      ExclusiveStartKey: first.LastEvaluatedKey,
    })
    expect(second).toEqual({ Items: [{ v: 2 }], Count: 1 })
    expect(requests[1]?.json.ExclusiveStartKey).toEqual({ PK: { S: 'k' } })
  })

  it('marshals every action of a transaction, and reports a cancellation with its reasons', async () => {
    const reasons = [
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Message: 'no', Item: { refCount: { N: '0' } } },
    ]
    const { db: d, requests } = await db(() => ({
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        Message: 'Transaction cancelled',
        CancellationReasons: reasons,
      },
    }))
    const e = await d
      .transactWrite({
        ClientRequestToken: 'tok',
        TransactItems: [
          { Put: { TableName: 't', Item: { PK: 'a', n: 1 } } },
          {
            Update: {
              TableName: 't',
              Key: { PK: 'b' },
              UpdateExpression: 'ADD c :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          { Delete: { TableName: 't', Key: { PK: 'c' } } },
          {
            ConditionCheck: {
              TableName: 't',
              Key: { PK: 'd' },
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
        ],
      })
      .catch((x: unknown) => x)
    expect(requests).toHaveLength(1)
    expect(requests[0]?.json).toEqual({
      ClientRequestToken: 'tok',
      TransactItems: [
        { Put: { TableName: 't', Item: { PK: { S: 'a' }, n: { N: '1' } } } },
        {
          Update: {
            TableName: 't',
            Key: { PK: { S: 'b' } },
            UpdateExpression: 'ADD c :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
        { Delete: { TableName: 't', Key: { PK: { S: 'c' } } } },
        {
          ConditionCheck: {
            TableName: 't',
            Key: { PK: { S: 'd' } },
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
      ],
    })
    expect(isTransactionCanceled(e)).toBe(true)
    expect(isConditionalCheckFailed(e)).toBe(false)
    if (!isTransactionCanceled(e)) throw e
    expect(cancellationReasons(e)).toEqual(reasons)
    expect(cancellationReasons(transactionCanceled([{ Code: 'TransactionConflict' }]))).toEqual([
      { Code: 'TransactionConflict' },
    ])
  })

  it('keeps the old item of a failed condition, raw', async () => {
    const { db: d } = await db(() => ({
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
        Item: { version: { N: '2' } },
      },
    }))
    const e = await d.delete({ TableName: 't', Key: { PK: 'x' } }).catch((x: unknown) => x)
    if (!isConditionalCheckFailed(e)) throw e
    expect(conditionFailedItem(e)).toEqual({ version: { N: '2' } })
  })
})
