import { randomUUID } from 'node:crypto'
import {
  type DynamoDb,
  isTransactionCanceled,
  cancellationReasons as reasonsOf,
} from '@berth/aws/dynamodb'
import type { CancellationReason, RawItem, TransactWriteItem } from '@berth/aws/dynamodb-types'
import type { AwsServiceError } from '@berth/aws/errors'
import { ConcurrentUpdateError } from '@berth/core/errors'
import { asStoreError } from './errors'

/** One element of TransactWriteItems, as the document client takes it. */
export type TransactItem = TransactWriteItem

/** DynamoDB's limit on actions in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100

/**
 * Reasons that say nothing about the data: another transaction held an item, or capacity ran
 * short. A cancelled transaction changed nothing, so sending it again is safe.
 */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'None',
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
])

const isTransient = (e: AwsServiceError): boolean => {
  const codes = reasonsOf(e).map((r) => r.Code ?? 'None')
  return codes.some((c) => c !== 'None') && codes.every((c) => TRANSIENT_CODES.has(c))
}

export interface TransactOptions {
  /** Sends in all, first included. */
  attempts?: number
  /** First backoff in ms; doubled per attempt, with full jitter. */
  baseDelayMs?: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Sends one transaction, again on conflicts with other transactions (real DynamoDB cancels
 * rather than queues them, so N creates racing for one usage item would otherwise mostly fail
 * for no reason). Each send has its own ClientRequestToken: the client's own retries of a send
 * whose answer was lost then cannot apply it twice, and our resends are new requests.
 * Anything else, a cancellation for a failed condition included, is thrown as is.
 * @example
 * await transactWrite(db, [putCluster, templateRefIncrement(table, ref)])
 */
export const transactWrite = async (
  db: DynamoDb,
  items: TransactItem[],
  options: TransactOptions = {}
): Promise<void> => {
  const attempts = options.attempts ?? 8
  const base = options.baseDelayMs ?? 25
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transactWrite({ TransactItems: items, ClientRequestToken: randomUUID() })
      return
    } catch (e) {
      if (!isTransactionCanceled(e) || !isTransient(e) || attempt >= attempts) {
        throw e
      }
      await sleep(Math.random() * base * 2 ** (attempt - 1))
    }
  }
}

/** The cancellation reason for each transaction item, in the order the items were sent. */
export const cancellationReasons = (e: AwsServiceError): CancellationReason[] => reasonsOf(e)

export const failedCondition = (reason: CancellationReason | undefined): boolean =>
  reason?.Code === 'ConditionalCheckFailed'

/**
 * A cancellation no more specific reason explained: a failed condition or lasting contention
 * means the caller's copy is stale (re-read and retry); anything else (a validation error, an
 * item too large) is a fault of the store, named without details.
 */
export const cancellationError = (e: AwsServiceError, what: string): Error => {
  const codes = cancellationReasons(e).map((r) => r.Code ?? 'None')
  const stale = codes.every((c) => c === 'ConditionalCheckFailed' || TRANSIENT_CODES.has(c))
  return stale ? new ConcurrentUpdateError(what) : asStoreError(e)
}

/** A number from a raw (not unmarshalled) attribute, as condition failures return items. */
export const rawNumber = (item: RawItem | undefined, name: string): number | undefined => {
  const v = item?.[name]
  return v?.N === undefined ? undefined : Number(v.N)
}

export const rawBoolean = (item: RawItem | undefined, name: string): boolean | undefined =>
  item?.[name]?.BOOL

export const rawString = (item: RawItem | undefined, name: string): string | undefined =>
  item?.[name]?.S
