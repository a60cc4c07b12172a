/**
 * @module @berth/openstack — typed clients for Keystone v3, Glance v2, Nova 2.1, Neutron v2.0,
 * Heat v1 and Octavia v2 over one HTTP layer, and the adapters implementing the core's
 * CloudResources, StackPort, ClusterCloudFactory and CredentialIssuer ports.
 */
export * from './catalog'
export * from './cloud-resources'
export * from './cluster-cloud'
export * from './credential-issuer'
export * from './errors'
export * from './glance'
export * from './heat'
export * from './http'
export * from './keystone'
export * from './keystone-projects'
export * from './keystone-schemas'
export * from './keystone-trusts'
export * from './neutron'
export * from './nova'
export * from './octavia'
export * from './service'
export * from './service-account'
export * from './workflow-errors'
