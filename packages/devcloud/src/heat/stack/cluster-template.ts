import { hot, type Json } from '../testing'

/** A node as a provider template: its own port, server and floating IP. */
export const NODE_YAML = `heat_template_version: 2018-08-31
parameters:
  name: {type: string}
  network: {type: string}
  subnet: {type: string}
  security_group: {type: string}
  flavor: {type: string, default: m1.small}
  server_group: {type: string}
  pool: {type: string}
resources:
  port:
    type: OS::Neutron::Port
    properties:
      network: {get_param: network}
      fixed_ips: [{subnet: {get_param: subnet}}]
      security_groups: [{get_param: security_group}]
  server:
    type: OS::Nova::Server
    properties:
      name: {get_param: name}
      image: fedora-coreos
      flavor: {get_param: flavor}
      key_name: demo-key
      networks: [{port: {get_resource: port}}]
      scheduler_hints: {group: {get_param: server_group}}
      user_data_format: RAW
      user_data: {str_replace: {template: "#cloud-config\\nhostname: $NAME\\n", params: {$NAME: {get_param: name}}}}
  fip:
    type: OS::Neutron::FloatingIP
    properties:
      floating_network: public
      port_id: {get_resource: port}
  member:
    type: OS::Octavia::PoolMember
    properties:
      pool: {get_param: pool}
      address: {get_attr: [server, first_address]}
      protocol_port: 6443
      subnet: {get_param: subnet}
outputs:
  private_ip: {value: {get_attr: [server, first_address]}}
  public_ip: {value: {get_attr: [fip, floating_ip_address]}}
  OS::stack_id: {value: {get_resource: server}}
`

/** Roughly the shape of a Kubernetes cluster stack: network, router, API load balancer, nodes. */
export const clusterTemplate = (): Json =>
  hot(
    {
      net: {
        type: 'OS::Neutron::Net',
        properties: { name: { list_join: ['-', [{ get_param: 'OS::stack_name' }, 'net']] } },
      },
      subnet: {
        type: 'OS::Neutron::Subnet',
        properties: {
          network: { get_resource: 'net' },
          cidr: '10.0.0.0/24',
          dns_nameservers: ['8.8.8.8'],
        },
      },
      router: {
        type: 'OS::Neutron::Router',
        properties: { external_gateway_info: { network: 'public' } },
      },
      iface: {
        type: 'OS::Neutron::RouterInterface',
        properties: { router: { get_resource: 'router' }, subnet: { get_resource: 'subnet' } },
      },
      secgroup: {
        type: 'OS::Neutron::SecurityGroup',
        properties: {
          rules: [
            {
              protocol: 'tcp',
              port_range_min: 22,
              port_range_max: 22,
              remote_ip_prefix: '0.0.0.0/0',
            },
            { protocol: 'tcp', port_range_min: 6443, port_range_max: 6443 },
          ],
        },
      },
      servergroup: {
        type: 'OS::Nova::ServerGroup',
        properties: { policies: ['soft-anti-affinity'] },
      },
      lb: {
        type: 'OS::Octavia::LoadBalancer',
        properties: { vip_subnet: { get_resource: 'subnet' } },
      },
      listener: {
        type: 'OS::Octavia::Listener',
        properties: { loadbalancer: { get_resource: 'lb' }, protocol: 'TCP', protocol_port: 6443 },
      },
      pool: {
        type: 'OS::Octavia::Pool',
        properties: {
          listener: { get_resource: 'listener' },
          protocol: 'TCP',
          lb_algorithm: 'ROUND_ROBIN',
        },
      },
      monitor: {
        type: 'OS::Octavia::HealthMonitor',
        properties: {
          pool: { get_resource: 'pool' },
          type: 'TCP',
          delay: 5,
          max_retries: 3,
          timeout: 5,
        },
      },
      lb_fip: {
        type: 'OS::Neutron::FloatingIP',
        properties: { floating_network: 'public', port_id: { get_attr: ['lb', 'vip_port_id'] } },
      },
      nodes: {
        type: 'OS::Heat::ResourceGroup',
        depends_on: ['iface'],
        properties: {
          count: { get_param: 'node_count' },
          removal_policies: [{ resource_list: { get_param: 'nodes_to_remove' } }],
          resource_def: {
            type: 'node.yaml',
            properties: {
              name: { list_join: ['-', [{ get_param: 'OS::stack_name' }, 'node', '%index%']] },
              network: { get_resource: 'net' },
              subnet: { get_resource: 'subnet' },
              security_group: { get_resource: 'secgroup' },
              server_group: { get_resource: 'servergroup' },
              pool: { get_resource: 'pool' },
            },
          },
        },
      },
    },
    {
      parameters: {
        node_count: { type: 'number', default: 2, constraints: [{ range: { min: 0 } }] },
        nodes_to_remove: { type: 'comma_delimited_list', default: [] },
      },
      outputs: {
        api_address: { value: { get_attr: ['lb_fip', 'floating_ip_address'] } },
        node_addresses: { value: { get_attr: ['nodes', 'private_ip'] } },
        node_public: { value: { get_attr: ['nodes', 'public_ip'] } },
        node_refs: { value: { get_attr: ['nodes', 'refs'] } },
      },
    }
  )
