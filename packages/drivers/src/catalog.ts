import type { DriverCatalog, DriverDescriptor, DriverKey } from '@berth/core/ports/drivers'

/** A catalog whose entries are full drivers (or any descriptor type it was built from). */
export interface TypedDriverCatalog<D extends DriverDescriptor> extends DriverCatalog {
  find(key: DriverKey, name?: string): D | undefined
  list(): readonly D[]
}

const same = (a: DriverKey, b: DriverKey) =>
  a.serverType === b.serverType && a.osDistro === b.osDistro && a.coe === b.coe

/**
 * A catalog over a fixed list of drivers, minus the ones an operator disabled. It imports no
 * driver itself, so a Lambda that only needs descriptors bundles no rendering code.
 */
export const catalogOf = <D extends DriverDescriptor>(
  drivers: readonly D[],
  disabled: readonly string[] = []
): TypedDriverCatalog<D> => {
  const enabled = drivers.filter((d) => !disabled.includes(d.name))
  return {
    find: (key, name) =>
      enabled.find(
        (d) => (name === undefined || d.name === name) && d.provides.some((p) => same(p, key))
      ),
    list: () => enabled,
  }
}
