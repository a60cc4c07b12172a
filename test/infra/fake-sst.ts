/**
 * A stand-in for the globals SST gives sst.config.ts (`sst`, `aws`, `$app`, `$cli`, `$resolve`,
 * `$interpolate`, `$jsonStringify`), recording every resource infra/ declares with its
 * arguments. Outputs resolve at once. Enough to run infra/ without Pulumi or AWS and assert
 * what it would deploy; the real types are checked by npm run check:infra.
 */

export class FakeOutput<T> {
  constructor(readonly value: T) {}
  apply<U>(fn: (value: T) => U): FakeOutput<U> {
    return new FakeOutput(resolved(fn(this.value)) as U)
  }
}

/** A value with every Output inside it replaced by what it holds. */
export const resolved = (value: unknown): unknown => {
  if (value instanceof FakeOutput) return resolved(value.value)
  if (Array.isArray(value)) return value.map(resolved)
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v)]))
  return value
}

export interface Declared {
  type: string
  name: string
  args: Record<string, unknown>
  resource: FakeResource
}

export class FakeResource {
  readonly arn: FakeOutput<string>
  readonly urn: FakeOutput<string>
  constructor(
    readonly type: string,
    readonly name: string,
    readonly args: Record<string, unknown>,
    declared: Declared[]
  ) {
    this.arn = new FakeOutput(`arn:fake:${type}:${name}`)
    this.urn = new FakeOutput(`urn:fake:${type}::${name}`)
    declared.push({ type, name, args, resource: this })
  }
}

export interface FakeSst {
  declared: Declared[]
  /** Link definitions registered with sst.Linkable.wrap, by the wrapped class's type. */
  wrapped: Map<string, (resource: FakeResource) => unknown>
  of(type: string): Declared[]
  one(type: string, name: string): Declared
}

export const installFakeSst = (stage: string, root: string): FakeSst => {
  const declared: Declared[] = []
  const wrapped = new Map<string, (resource: FakeResource) => unknown>()
  const kind = (type: string, extra?: (r: FakeResource) => Record<string, unknown>) =>
    class extends FakeResource {
      static readonly fakeType = type
      constructor(name: string, args: Record<string, unknown> = {}) {
        super(type, name, args, declared)
        Object.assign(this, extra?.(this) ?? {})
      }
    }
  const Api = class extends kind('sst.aws.ApiGatewayV2', (r) => ({
    url: new FakeOutput(`https://${r.name}.example`),
  })) {
    route(path: string, args: Record<string, unknown>) {
      new FakeResource('sst.aws.ApiGatewayV2.route', path, args, declared)
    }
  }
  const Linkable = class extends kind('sst.Linkable') {
    static wrap(cls: { fakeType: string }, cb: (resource: FakeResource) => unknown) {
      wrapped.set(cls.fakeType, cb)
    }
  }
  const named = (r: FakeResource) => ({ name: new FakeOutput(`${r.name}-physical`) })
  const fakes = {
    $app: { name: 'berth', stage },
    $dev: false,
    $cli: { paths: { root } },
    $resolve: (value: unknown) => new FakeOutput(resolved(value)),
    $interpolate: (parts: TemplateStringsArray, ...values: unknown[]) =>
      new FakeOutput(parts.reduce((s, p, i) => s + String(resolved(values[i - 1])) + p)),
    $jsonStringify: (value: unknown) => new FakeOutput(JSON.stringify(resolved(value))),
    sst: {
      Linkable,
      Secret: kind('sst.Secret', (r) => ({ value: new FakeOutput(`secret:${r.name}`) })),
      aws: {
        Dynamo: kind('sst.aws.Dynamo', named),
        Function: kind('sst.aws.Function'),
        ApiGatewayV2: Api,
        CronV2: kind('sst.aws.CronV2'),
        permission: (p: unknown) => p,
      },
    },
    aws: {
      getCallerIdentityOutput: () => ({ accountId: new FakeOutput('123456789012') }),
      kms: {
        Key: kind('aws.kms.Key', (r) => ({ keyId: new FakeOutput(`${r.name}-id`) })),
        Alias: kind('aws.kms.Alias'),
      },
      iam: {
        Role: kind('aws.iam.Role', (r) => ({ id: new FakeOutput(`${r.name}-id`) })),
        RolePolicy: kind('aws.iam.RolePolicy'),
      },
      cloudwatch: { LogGroup: kind('aws.cloudwatch.LogGroup') },
      sfn: {
        StateMachine: kind('aws.sfn.StateMachine', (r) => ({
          tags: new FakeOutput(r.args.tags as Record<string, string>),
        })),
      },
    },
  }
  Object.assign(globalThis, fakes)
  return {
    declared,
    wrapped,
    of: (type) => declared.filter((d) => d.type === type),
    one: (type, name) => {
      const found = declared.find((d) => d.type === type && d.name === name)
      if (!found) throw new Error(`no ${type} named ${name}`)
      return found
    },
  }
}

export const uninstallFakeSst = () => {
  for (const key of [
    '$app',
    '$dev',
    '$cli',
    '$resolve',
    '$interpolate',
    '$jsonStringify',
    'sst',
    'aws',
  ])
    Reflect.deleteProperty(globalThis, key)
}
