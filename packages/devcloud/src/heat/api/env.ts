import type { CallerEnv } from '../../auth'

export type HeatEnv = CallerEnv
