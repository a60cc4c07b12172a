/** Registers every intrinsic function; import this (once) before resolving templates. */
import './functions-core'
import './functions-text'
import './functions-collections'

export { evaluateCondition } from './functions-core'
export {
  type FunctionContext,
  functionOf,
  hasUnresolved,
  references,
  resolve,
  select,
  UNRESOLVED,
  type Where,
} from './resolve'
