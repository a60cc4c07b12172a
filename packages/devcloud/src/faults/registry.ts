import { randomUuid } from '../ids'
import {
  type FailResourceFault,
  type Fault,
  type FaultService,
  type FaultSpec,
  FaultSpecSchema,
  type HttpFault,
  type NoValidHostFault,
  type StuckStackFault,
} from './model'

/** What keystonemiddleware answers in front of a service when Keystone cannot be reached. */
export const KEYSTONE_UNAVAILABLE = 'The Keystone service is temporarily unavailable.'

export type StackAction = 'INIT' | 'CREATE' | 'UPDATE' | 'DELETE' | 'ROLLBACK'

/** What the HTTP layer must do with one request. */
export interface HttpEffect {
  latencyMs: number
  hang: boolean
  status: number | undefined
  message: string | undefined
}

/** A rollback is named as such, or as the DELETE that undoing a failed create amounts to. */
const appliesTo = (actions: readonly string[] | undefined, action: StackAction) =>
  actions === undefined ||
  actions.includes(action) ||
  (action === 'ROLLBACK' && actions.includes('DELETE'))

/**
 * The faults in force, shared by the HTTP middleware (request faults) and the services
 * (stacks, scheduling). Tests drive it directly (`cloud.faults`) or over `/devcloud/faults`.
 */
export class FaultRegistry {
  private faults: Fault[] = []
  private readonly clearListeners = new Set<() => void>()

  constructor(private readonly random: () => number = Math.random) {}

  /** Adds a fault (validated like the HTTP API's body); returns it with its id. */
  add(spec: FaultSpec): Fault {
    const parsed = FaultSpecSchema.parse(spec)
    const fault: Fault = { ...parsed, id: randomUuid(), hits: 0 }
    this.faults.push(fault)
    return fault
  }

  http(spec: Omit<HttpFault, 'kind'>): Fault {
    return this.add({ kind: 'http', ...spec })
  }
  stuckStacks(spec: Omit<StuckStackFault, 'kind'>): Fault {
    return this.add({ kind: 'stuck-stack', ...spec })
  }
  failResource(spec: Omit<FailResourceFault, 'kind'>): Fault {
    return this.add({ kind: 'fail-resource', ...spec })
  }
  noValidHost(spec: Omit<NoValidHostFault, 'kind'> = {}): Fault {
    return this.add({ kind: 'no-valid-host', ...spec })
  }
  cloudDown(): Fault {
    return this.add({ kind: 'cloud-down' })
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }))
  }

  remove(id: string): boolean {
    const before = this.faults.length
    this.faults = this.faults.filter((f) => f.id !== id)
    return this.faults.length !== before
  }

  /** Removes every fault and releases requests held by `hang`. */
  clear(): void {
    this.faults = []
    for (const release of [...this.clearListeners]) release()
  }

  /** Called (once) when faults are cleared; returns a function that unsubscribes. */
  onClear(listener: () => void): () => void {
    this.clearListeners.add(listener)
    return () => this.clearListeners.delete(listener)
  }

  /** The combined effect of the faults matching one request (counted as hits). */
  matchHttp(service: FaultService, method: string, path: string): HttpEffect | undefined {
    let effect: HttpEffect | undefined
    for (const f of this.faults) {
      const hit =
        f.kind === 'cloud-down' || (f.kind === 'http' && this.httpMatches(f, service, method, path))
      if (!hit) continue
      f.hits += 1
      effect ??= { latencyMs: 0, hang: false, status: undefined, message: undefined }
      if (f.kind === 'cloud-down') {
        effect.status ??= 503
        effect.message ??= service === 'identity' ? undefined : KEYSTONE_UNAVAILABLE
        continue
      }
      effect.latencyMs += f.latencyMs ?? 0
      effect.hang ||= f.hang === true
      if (f.status !== undefined && effect.status === undefined) {
        effect.status = f.status
        effect.message = f.message
      }
    }
    // Faults limited to N requests go once used up.
    this.faults = this.faults.filter(
      (f) => !(f.kind === 'http' && f.times !== undefined && f.hits >= f.times)
    )
    return effect
  }

  private httpMatches(f: HttpFault, service: FaultService, method: string, path: string): boolean {
    if (f.service !== undefined && f.service !== service) return false
    if (f.method !== undefined && f.method.toUpperCase() !== method.toUpperCase()) return false
    if (f.path !== undefined && !new RegExp(f.path).test(path)) return false
    if (f.fraction !== undefined && this.random() >= f.fraction) return false
    return true
  }

  /** Whether a stack (by its root stack's name) is held in *_IN_PROGRESS for this action. */
  isStuck(rootStackName: string, action: StackAction): boolean {
    return this.holds(rootStackName, undefined, action)
  }

  /** Whether a resource under way (in a stack of that root) never finishes this action. */
  isHeld(rootStackName: string, resourceName: string, action: StackAction): boolean {
    return this.holds(rootStackName, resourceName, action)
  }

  private holds(rootStackName: string, resource: string | undefined, action: StackAction) {
    return this.faults.some(
      (f) =>
        f.kind === 'stuck-stack' &&
        f.resource === resource &&
        new RegExp(f.stackName).test(rootStackName) &&
        appliesTo(f.actions, action)
    )
  }

  /** The failure injected for a resource, if any. */
  resourceFailure(
    rootStackName: string,
    resourceName: string,
    action: StackAction
  ): { reason: string; errorType: string } | undefined {
    for (const f of this.faults) {
      if (f.kind !== 'fail-resource' || f.resource !== resourceName) continue
      if (f.stackName !== undefined && !new RegExp(f.stackName).test(rootStackName)) continue
      if (!appliesTo(f.actions ?? ['CREATE', 'UPDATE'], action)) continue
      f.hits += 1
      return { reason: f.reason, errorType: f.errorType ?? 'ResourceFailure' }
    }
    return undefined
  }

  /** Whether Nova's scheduler finds no host for this flavor (by id or name). */
  noValidHostFor(flavorId: string, flavorName: string): boolean {
    return this.faults.some(
      (f) =>
        f.kind === 'no-valid-host' &&
        (f.flavors === undefined || f.flavors.includes(flavorId) || f.flavors.includes(flavorName))
    )
  }
}
