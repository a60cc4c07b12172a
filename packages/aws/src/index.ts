/**
 * @module @berth/aws — a small client for AWS's JSON protocol (SigV4 through aws4fetch, sent
 * over kept-alive node:http connections), and the DynamoDB, KMS and Step Functions operations
 * Berth uses over it. It replaces the AWS SDK, whose clients were most of every Lambda's
 * bundle. Import the service you need by path (`@berth/aws/dynamodb`), so a bundle carries only
 * that one.
 */
export * from './credentials'
export * from './endpoint'
export * from './errors'
export * from './json-client'
export * from './retry'
