import { BerthError, ErrorKind } from '../errors'

/**
 * A mistake in the policy configuration. Raised while the policy is loaded (process start), never
 * while a request is authorised: oslo.policy logs an unparsable rule and denies it forever, which
 * operators discover one 403 at a time, so Berth refuses to start instead.
 */
export class PolicyConfigError extends BerthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorKind.Internal, message, options)
    this.name = 'PolicyConfigError'
  }
}

/** A check string that is not valid oslo.policy syntax. */
export class PolicyParseError extends PolicyConfigError {
  /** The rule whose check string failed, when known. */
  readonly rule: string | undefined
  /** The check string as written. */
  readonly expression: string
  /** Zero-based character offset of the offending token (the string's length at end of input). */
  readonly position: number
  readonly reason: string

  constructor(args: {
    rule: string | undefined
    expression: string
    position: number
    reason: string
  }) {
    const where = args.rule === undefined ? 'policy check string' : `policy rule "${args.rule}"`
    super(
      `Cannot parse ${where} at position ${args.position}: ${args.reason} (in ${JSON.stringify(args.expression)})`
    )
    this.name = 'PolicyParseError'
    this.rule = args.rule
    this.expression = args.expression
    this.position = args.position
    this.reason = args.reason
  }
}

/** A `rule:<name>` that names no rule. */
export class PolicyReferenceError extends PolicyConfigError {
  readonly rule: string
  readonly missing: string
  constructor(rule: string, missing: string) {
    super(`Policy rule "${rule}" refers to rule:${missing}, which is not defined.`)
    this.name = 'PolicyReferenceError'
    this.rule = rule
    this.missing = missing
  }
}

/** Rules that refer to each other in a loop; oslo would recurse until Python gives up. */
export class PolicyCycleError extends PolicyConfigError {
  /** The loop, first rule repeated at the end: `['a', 'b', 'a']`. */
  readonly cycle: readonly string[]
  constructor(cycle: readonly string[]) {
    super(`Policy rules refer to each other in a cycle: ${cycle.join(' -> ')}.`)
    this.name = 'PolicyCycleError'
    this.cycle = cycle
  }
}

/** A policy file that is not a YAML/JSON mapping of rule name to check string. */
export class PolicyFileError extends PolicyConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`Invalid policy file: ${message}`, options)
    this.name = 'PolicyFileError'
  }
}

/**
 * `enforce` was asked about a rule that does not exist. That is a bug in Berth (a typo in a rule
 * name), not the caller's fault, so it is an internal error rather than a 403.
 */
export class UnknownPolicyRuleError extends BerthError {
  readonly rule: string
  constructor(rule: string) {
    super(ErrorKind.Internal, `Policy rule "${rule}" is not defined.`)
    this.name = 'UnknownPolicyRuleError'
    this.rule = rule
  }
}
