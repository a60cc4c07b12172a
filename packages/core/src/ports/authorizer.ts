import type { Principal } from '../principal'

/** Attributes of the object a rule is checked against (oslo.policy's "target"). */
export type PolicyTarget = Record<string, string | null | undefined>

/** Port: the policy engine as the use-cases see it (implemented by ../policy). */
export interface Authorizer {
  check(rule: string, principal: Principal, target: PolicyTarget): boolean
  /** Throws PolicyNotAuthorizedError when `check` would be false. */
  enforce(rule: string, principal: Principal, target: PolicyTarget): void
}
