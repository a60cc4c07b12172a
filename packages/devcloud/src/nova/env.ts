import type { CallerEnv } from '../auth'
import type { MicroversionEnv } from './microversion'

export interface NovaEnv {
  Variables: CallerEnv['Variables'] & MicroversionEnv['Variables']
}
