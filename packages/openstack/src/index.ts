/**
 * @module @berth/openstack — typed clients for Keystone v3, Glance v2, Nova 2.1 and Neutron
 * v2.0 over one HTTP layer, and the adapter implementing the core's CloudResources port.
 */
export * from './catalog'
export * from './cloud-resources'
export * from './errors'
export * from './glance'
export * from './http'
export * from './keystone'
export * from './keystone-schemas'
export * from './neutron'
export * from './nova'
export * from './service'
export * from './service-account'
export * from './workflow-errors'
