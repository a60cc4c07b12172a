/**
 * Magnum's API rules: one row per rule with its operations and its default under each profile.
 * Zed column = Magnum 15.0.0 (`magnum/common/policies/*.py` of stable/zed). Secure-RBAC column =
 * the reader/member defaults introduced in 2023.2 (17.0.0), enforced by default from 18.0.0.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

export interface Operation {
  readonly method: HttpMethod
  readonly path: string
}

export interface ApiRuleRow {
  readonly name: string
  readonly description: string
  readonly operations: readonly Operation[]
  readonly zed: string
  readonly secureRbac: string
}

// Zed building blocks.
const Z_ANY = 'rule:deny_cluster_user'
const Z_OWNER = 'rule:admin_or_owner'
const Z_ADMIN = 'rule:admin_api'
const Z_CREATOR = 'rule:admin_or_user or rule:cluster_user'

// Secure-RBAC building blocks.
const S_READ = 'rule:admin_or_project_reader'
const S_WRITE = 'rule:admin_or_project_member'
const S_READ_NOT_TRUSTEE = 'rule:admin_or_project_reader_deny_cluster_user'
const S_WRITE_NOT_TRUSTEE = 'rule:admin_or_project_member_deny_cluster_user'
const S_ADMIN = 'rule:context_is_admin'

const ops = (...specs: string[]): Operation[] =>
  specs.map((spec) => {
    const [method, path] = spec.split(' ')
    return { method: method as HttpMethod, path: path ?? '' }
  })

const row = (
  name: string,
  zed: string,
  secureRbac: string,
  description: string,
  operations: Operation[]
): ApiRuleRow => ({ name, zed, secureRbac, description, operations })

const CT = '/v1/clustertemplates'
const CT_ONE = `${CT}/{clustertemplate_ident}`
const CL = '/v1/clusters'
const CL_ONE = `${CL}/{cluster_ident}`
const NG = `${CL}/{cluster_ident}/nodegroups`
const NG_ONE = `${NG}/{nodegroup}`
const FED = '/v1/federations'
const FED_ONE = `${FED}/{federation_ident}`

/** `<resource>:<action>` rows for the resources whose Zed and secure-RBAC shapes match. */
const resourceRows = (
  resource: string,
  noun: string,
  base: string,
  one: string,
  write: { zed: string; secureRbac: string },
  read: { zed: string; secureRbac: string }
): ApiRuleRow[] => [
  row(
    `${resource}:create`,
    Z_ANY,
    S_WRITE_NOT_TRUSTEE,
    `Create a new ${noun}.`,
    ops(`POST ${base}`)
  ),
  row(`${resource}:delete`, write.zed, write.secureRbac, `Delete a ${noun}.`, ops(`DELETE ${one}`)),
  row(
    `${resource}:detail`,
    read.zed,
    read.secureRbac,
    `List ${noun}s with detail.`,
    ops(`GET ${base}/detail`)
  ),
  row(`${resource}:get`, read.zed, read.secureRbac, `Show one ${noun}.`, ops(`GET ${one}`)),
  row(`${resource}:get_all`, read.zed, read.secureRbac, `List ${noun}s.`, ops(`GET ${base}`)),
  row(`${resource}:update`, write.zed, write.secureRbac, `Update a ${noun}.`, ops(`PATCH ${one}`)),
]

const ANY_READ = { zed: Z_ANY, secureRbac: S_READ_NOT_TRUSTEE }
const ANY_WRITE = { zed: Z_ANY, secureRbac: S_WRITE_NOT_TRUSTEE }
const OWNER_WRITE = { zed: Z_OWNER, secureRbac: S_WRITE }

const allProjects = (name: string, description: string, operations: Operation[]): ApiRuleRow =>
  row(name, Z_ADMIN, S_ADMIN, description, operations)

export const API_RULES: readonly ApiRuleRow[] = [
  ...resourceRows('clustertemplate', 'cluster template', CT, CT_ONE, OWNER_WRITE, ANY_READ),
  allProjects(
    'clustertemplate:delete_all_projects',
    'Delete a cluster template of any project.',
    ops(`DELETE ${CT_ONE}`)
  ),
  allProjects(
    'clustertemplate:detail_all_projects',
    'List cluster templates of all projects with detail.',
    ops(`GET ${CT}/detail`)
  ),
  allProjects(
    'clustertemplate:get_one_all_projects',
    'Show a cluster template of any project.',
    ops(`GET ${CT_ONE}`)
  ),
  allProjects(
    'clustertemplate:get_all_all_projects',
    'List cluster templates of all projects.',
    ops(`GET ${CT}`)
  ),
  allProjects(
    'clustertemplate:update_all_projects',
    'Update a cluster template of any project.',
    ops(`PATCH ${CT_ONE}`)
  ),
  row(
    'clustertemplate:publish',
    Z_ADMIN,
    S_ADMIN,
    'Make a cluster template public or hidden.',
    ops(`POST ${CT}`, `PATCH ${CT_ONE}`)
  ),

  ...resourceRows('cluster', 'cluster', CL, CL_ONE, ANY_WRITE, ANY_READ),
  allProjects(
    'cluster:delete_all_projects',
    'Delete a cluster of any project.',
    ops(`DELETE ${CL_ONE}`)
  ),
  allProjects(
    'cluster:detail_all_projects',
    'List clusters of all projects with detail.',
    ops(`GET ${CL}/detail`)
  ),
  allProjects(
    'cluster:get_one_all_projects',
    'Show a cluster of any project.',
    ops(`GET ${CL_ONE}`)
  ),
  allProjects('cluster:get_all_all_projects', 'List clusters of all projects.', ops(`GET ${CL}`)),
  allProjects(
    'cluster:update_all_projects',
    'Update a cluster of any project.',
    ops(`PATCH ${CL_ONE}`)
  ),
  row(
    'cluster:update_health_status',
    Z_CREATOR,
    'rule:admin_or_project_member_user_or_cluster_user',
    "Set a cluster's health_status (what the cluster's own health monitor does).",
    ops(`PATCH ${CL_ONE}`)
  ),
  row(
    'cluster:resize',
    Z_ANY,
    S_WRITE_NOT_TRUSTEE,
    'Resize a cluster.',
    ops(`POST ${CL_ONE}/actions/resize`)
  ),
  row(
    'cluster:upgrade',
    Z_ANY,
    S_WRITE_NOT_TRUSTEE,
    'Upgrade a cluster to another template.',
    ops(`POST ${CL_ONE}/actions/upgrade`)
  ),
  allProjects(
    'cluster:upgrade_all_projects',
    'Upgrade a cluster of any project.',
    ops(`POST ${CL_ONE}/actions/upgrade`)
  ),

  row('nodegroup:get', Z_OWNER, S_READ, 'Show one node group.', ops(`GET ${NG_ONE}`)),
  row('nodegroup:get_all', Z_OWNER, S_READ, "List a cluster's node groups.", ops(`GET ${NG}`)),
  allProjects(
    'nodegroup:get_all_all_projects',
    'List node groups of clusters of any project.',
    ops(`GET ${NG}`)
  ),
  allProjects(
    'nodegroup:get_one_all_projects',
    'Show a node group of a cluster of any project.',
    ops(`GET ${NG_ONE}`)
  ),
  row('nodegroup:create', Z_OWNER, S_WRITE, 'Add a node group to a cluster.', ops(`POST ${NG}`)),
  row('nodegroup:delete', Z_OWNER, S_WRITE, 'Delete a node group.', ops(`DELETE ${NG_ONE}`)),
  row('nodegroup:update', Z_OWNER, S_WRITE, 'Update a node group.', ops(`PATCH ${NG_ONE}`)),

  row(
    'certificate:create',
    Z_CREATOR,
    'rule:admin_or_project_member_user_or_cluster_user',
    "Sign a certificate signing request with the cluster's CA.",
    ops('POST /v1/certificates')
  ),
  row(
    'certificate:get',
    Z_CREATOR,
    'rule:admin_or_project_reader_user_or_cluster_user',
    "Fetch a cluster's CA certificate.",
    ops('GET /v1/certificates/{cluster_ident}')
  ),
  row(
    'certificate:rotate_ca',
    Z_OWNER,
    S_WRITE,
    "Rotate a cluster's CA.",
    ops('PATCH /v1/certificates/{cluster_ident}')
  ),

  row('quota:create', Z_ADMIN, S_ADMIN, 'Create a quota.', ops('POST /v1/quotas')),
  row(
    'quota:delete',
    Z_ADMIN,
    S_ADMIN,
    'Delete a quota.',
    ops('DELETE /v1/quotas/{project_id}/{resource}')
  ),
  row(
    'quota:get',
    Z_OWNER,
    S_READ,
    "Show a project's quota.",
    ops('GET /v1/quotas/{project_id}/{resource}')
  ),
  row('quota:get_all', Z_ADMIN, S_ADMIN, 'List quotas.', ops('GET /v1/quotas')),
  row(
    'quota:update',
    Z_ADMIN,
    S_ADMIN,
    'Update a quota.',
    ops('PATCH /v1/quotas/{project_id}/{resource}')
  ),

  row('stats:get_all', Z_OWNER, S_READ, 'Count clusters and nodes.', ops('GET /v1/stats')),
  row(
    'magnum-service:get_all',
    Z_ADMIN,
    S_ADMIN,
    'List conductor services.',
    ops('GET /v1/mservices')
  ),

  ...resourceRows('federation', 'federation', FED, FED_ONE, ANY_WRITE, ANY_READ),

  // Added upstream after Zed; the Zed column uses what its secure-RBAC rule deprecates.
  row(
    'credential:rotate',
    Z_ANY,
    'rule:project_member_deny_cluster_user',
    'Rotate the cloud credential a cluster uses.',
    ops('PATCH /v1/credentials/{cluster_ident}')
  ),

  // Berth's own: the audit trail (Magnum has only its notifications).
  row(
    'audit:get_all',
    Z_OWNER,
    S_READ,
    "Read a project's audit records (and export them).",
    ops('GET /v1/audit')
  ),
  allProjects(
    'audit:get_all_all_projects',
    "Read every project's audit records.",
    ops('GET /v1/audit')
  ),

  // Bays and baymodels left Magnum in 17.0.0; under secure RBAC they follow clusters and templates.
  ...resourceRows('bay', 'bay', '/v1/bays', '/v1/bays/{bay_ident}', ANY_WRITE, ANY_READ),
  ...resourceRows(
    'baymodel',
    'baymodel',
    '/v1/baymodels',
    '/v1/baymodels/{baymodel_ident}',
    { zed: Z_ANY, secureRbac: S_WRITE },
    ANY_READ
  ),
  row(
    'baymodel:publish',
    Z_ADMIN,
    S_ADMIN,
    'Make a baymodel public.',
    ops('POST /v1/baymodels', 'PATCH /v1/baymodels/{baymodel_ident}')
  ),
]
