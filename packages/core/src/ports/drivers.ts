/**
 * Port: which COE drivers exist. Magnum picks a driver by (server_type, os_distro, coe), or by
 * an explicit name (template `driver` field or Glance image property `magnum_driver`).
 */
export interface DriverKey {
  serverType: string
  osDistro: string
  coe: string
}

export interface DriverDescriptor {
  name: string
  provides: readonly DriverKey[]
}

export interface DriverCatalog {
  /** The driver for a tuple, or the named one if it provides the tuple; undefined if none. */
  find(key: DriverKey, name?: string): DriverDescriptor | undefined
  list(): readonly DriverDescriptor[]
}
