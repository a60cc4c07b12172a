import { loadConfig } from '@berth/shared'
import { handle } from 'hono/aws-lambda'
import { createApp } from './app'
import { createDeps } from './deps'

/** Lambda entry: API Gateway v2 → the same Hono app `npm start` serves. */
export const handler = handle(createApp(await createDeps(loadConfig(process.env))))
