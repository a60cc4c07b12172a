import { CinderVolume, CinderVolumeAttachment } from './cinder'
import { None, RandomString, TestResource, Value } from './heat-basic'
import { NeutronFloatingIp, NeutronFloatingIpAssociation } from './neutron-fip'
import { NeutronNet, NeutronSubnet } from './neutron-net'
import { NeutronPort } from './neutron-port'
import { NeutronRouter, NeutronRouterInterface } from './neutron-router'
import { NeutronSecurityGroup, NeutronSecurityGroupRule } from './neutron-sg'
import { NovaServer, NovaServerGroup } from './nova'
import {
  OctaviaHealthMonitor,
  OctaviaListener,
  OctaviaLoadBalancer,
  OctaviaPool,
  OctaviaPoolMember,
} from './octavia'
import { ResourceGroup } from './resource-group'
import {
  CloudConfig,
  MultipartMime,
  SoftwareConfig,
  SoftwareDeployment,
  WaitCondition,
  WaitConditionHandle,
} from './software'
import { TemplateResource } from './template-resource'
import type { ResourceType } from './types'

/** Every built-in resource type the development cloud's Heat knows. */
export const RESOURCE_TYPES: Readonly<Record<string, ResourceType>> = {
  'OS::Heat::ResourceGroup': ResourceGroup,
  'OS::Heat::RandomString': RandomString,
  'OS::Heat::Value': Value,
  'OS::Heat::None': None,
  'OS::Heat::TestResource': TestResource,
  'OS::Heat::SoftwareConfig': SoftwareConfig,
  'OS::Heat::CloudConfig': CloudConfig,
  'OS::Heat::MultipartMime': MultipartMime,
  'OS::Heat::SoftwareDeployment': SoftwareDeployment,
  'OS::Heat::WaitConditionHandle': WaitConditionHandle,
  'OS::Heat::WaitCondition': WaitCondition,
  'OS::Nova::Server': NovaServer,
  'OS::Nova::ServerGroup': NovaServerGroup,
  'OS::Neutron::Net': NeutronNet,
  'OS::Neutron::Subnet': NeutronSubnet,
  'OS::Neutron::Router': NeutronRouter,
  'OS::Neutron::RouterInterface': NeutronRouterInterface,
  'OS::Neutron::Port': NeutronPort,
  'OS::Neutron::FloatingIP': NeutronFloatingIp,
  'OS::Neutron::FloatingIPAssociation': NeutronFloatingIpAssociation,
  'OS::Neutron::SecurityGroup': NeutronSecurityGroup,
  'OS::Neutron::SecurityGroupRule': NeutronSecurityGroupRule,
  'OS::Octavia::LoadBalancer': OctaviaLoadBalancer,
  'OS::Octavia::Listener': OctaviaListener,
  'OS::Octavia::Pool': OctaviaPool,
  'OS::Octavia::PoolMember': OctaviaPoolMember,
  'OS::Octavia::HealthMonitor': OctaviaHealthMonitor,
  'OS::Cinder::Volume': CinderVolume,
  'OS::Cinder::VolumeAttachment': CinderVolumeAttachment,
}

export const BUILTIN_TYPES: ReadonlySet<string> = new Set(Object.keys(RESOURCE_TYPES))

/** The handler for a resolved type: a built-in, or the provider-template handler. */
export const handlerFor = (
  impl: { kind: 'builtin'; name: string } | { kind: 'template' }
): ResourceType =>
  impl.kind === 'template' ? TemplateResource : (RESOURCE_TYPES[impl.name] as ResourceType)

export { TemplateResource }
