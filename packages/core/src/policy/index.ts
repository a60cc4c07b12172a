export type { ApiRuleRow } from './api-rules'
export { API_RULES } from './api-rules'
export type { CheckSubject, MatchPart, PolicyExpr } from './ast'
export { ruleReferences } from './ast'
export type { DefaultsName, HttpMethod, Operation, RuleDefault } from './defaults'
export { DEFAULTS_NAMES, defaultRules } from './defaults'
export {
  PolicyConfigError,
  PolicyCycleError,
  PolicyFileError,
  PolicyParseError,
  PolicyReferenceError,
  UnknownPolicyRuleError,
} from './errors'
export type {
  Credentials,
  CredentialValue,
  EvaluationInput,
  RuleSet,
  Target,
  TargetValue,
} from './evaluate'
export { credentialsFor, evaluate, validateRuleSet } from './evaluate'
export { MAX_NESTING, parseCheckString } from './parser'
export type { Policy, PolicyOptions, PolicyRuleInfo } from './policy'
export { createPolicy } from './policy'
export { printPolicy } from './printer'
