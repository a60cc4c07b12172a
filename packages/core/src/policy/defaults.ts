import { API_RULES, type Operation } from './api-rules'

export type { HttpMethod, Operation } from './api-rules'

/** The two default rule sets an operator can start from. */
export const DEFAULTS_NAMES = ['zed', 'secure-rbac'] as const
export type DefaultsName = (typeof DEFAULTS_NAMES)[number]

export interface RuleDefault {
  readonly name: string
  /** The check string, in oslo.policy's language. */
  readonly check: string
  readonly description: string
  /** The API calls that enforce this rule; empty for base rules that only others refer to. */
  readonly operations: readonly Operation[]
}

const base = (name: string, check: string, description: string): RuleDefault => ({
  name,
  check,
  description,
  operations: [],
})

const CONTEXT_IS_ADMIN = base('context_is_admin', 'role:admin', 'Who is a cloud administrator.')
const ADMIN_OR_OWNER = base(
  'admin_or_owner',
  'is_admin:True or project_id:%(project_id)s',
  "An administrator, or anyone in the object's project."
)
// Upstream dropped admin_api with secure RBAC; operators' policy files still refer to it.
const ADMIN_API = base('admin_api', 'rule:context_is_admin', 'Administrator-only APIs.')
const ADMIN_OR_USER = base(
  'admin_or_user',
  'is_admin:True or user_id:%(user_id)s',
  'An administrator, or the user who created the object.'
)
const CLUSTER_USER = base(
  'cluster_user',
  'user_id:%(trustee_user_id)s',
  "The cluster's own trustee user (credentials the cluster's nodes hold)."
)
const DENY_CLUSTER_USER = base(
  'deny_cluster_user',
  'not domain_id:%(trustee_domain_id)s',
  'Anyone who is not a trustee user from the trustee domain.'
)

const ZED_BASE: readonly RuleDefault[] = [
  CONTEXT_IS_ADMIN,
  ADMIN_OR_OWNER,
  ADMIN_API,
  ADMIN_OR_USER,
  CLUSTER_USER,
  DENY_CLUSTER_USER,
]

const SECURE_RBAC_BASE: readonly RuleDefault[] = [
  CONTEXT_IS_ADMIN,
  ADMIN_OR_OWNER,
  ADMIN_API,
  ADMIN_OR_USER,
  base('is_user', 'user_id:%(user_id)s', 'The user who created the object.'),
  CLUSTER_USER,
  DENY_CLUSTER_USER,
  base(
    'project_member',
    'role:member and project_id:%(project_id)s',
    "A member of the object's project."
  ),
  base(
    'project_reader',
    'role:reader and project_id:%(project_id)s',
    "A reader of the object's project."
  ),
  base(
    'admin_or_project_reader',
    'rule:context_is_admin or rule:project_reader',
    'An administrator or a project reader.'
  ),
  base(
    'admin_or_project_member',
    'rule:context_is_admin or rule:project_member',
    'An administrator or a project member.'
  ),
  base(
    'admin_or_project_member_user',
    'rule:context_is_admin or (rule:project_member and rule:is_user)',
    'An administrator, or the creating user while a member of the project.'
  ),
  base(
    'user_or_cluster_user',
    'rule:is_user or rule:cluster_user',
    "The creating user or the cluster's trustee."
  ),
  base(
    'admin_or_user_or_cluster_user',
    'rule:context_is_admin or rule:user_or_cluster_user',
    "An administrator, the creating user or the cluster's trustee."
  ),
  base(
    'admin_or_project_member_cluster_user',
    'rule:context_is_admin or (rule:project_member and rule:cluster_user)',
    "An administrator, or the cluster's trustee acting as a project member."
  ),
  base(
    'admin_or_project_member_user_or_cluster_user',
    'rule:context_is_admin or (rule:project_member and rule:user_or_cluster_user)',
    "An administrator, or a project member who is the creating user or the cluster's trustee."
  ),
  base(
    'admin_or_project_reader_user_or_cluster_user',
    'rule:context_is_admin or (rule:project_reader and rule:user_or_cluster_user)',
    "An administrator, or a project reader who is the creating user or the cluster's trustee."
  ),
  base(
    'project_member_deny_cluster_user',
    'rule:project_member and rule:deny_cluster_user',
    'A project member who is not a trustee.'
  ),
  base(
    'admin_or_project_member_deny_cluster_user',
    'rule:context_is_admin or rule:project_member_deny_cluster_user',
    'An administrator, or a project member who is not a trustee.'
  ),
  base(
    'project_reader_deny_cluster_user',
    'rule:project_reader and rule:deny_cluster_user',
    'A project reader who is not a trustee.'
  ),
  base(
    'admin_or_project_reader_deny_cluster_user',
    'rule:context_is_admin or rule:project_reader_deny_cluster_user',
    'An administrator, or a project reader who is not a trustee.'
  ),
  base(
    'admin_or_project_reader_user',
    'rule:context_is_admin or (rule:project_reader and rule:is_user)',
    'An administrator, or the creating user while a reader of the project.'
  ),
]

const apiRules = (profile: DefaultsName): RuleDefault[] =>
  API_RULES.map((r) => ({
    name: r.name,
    check: profile === 'zed' ? r.zed : r.secureRbac,
    description: r.description,
    operations: r.operations,
  }))

/**
 * The complete default rule set of a profile: base rules first, then every API rule.
 *
 * - `zed`: Magnum 15.0.0. Any user who is not a cluster trustee may create clusters and templates;
 *   object scoping comes from the database's project filter, not from policy.
 * - `secure-rbac`: Magnum's reader/member/admin defaults (2023.2+). Reads need `reader`, writes
 *   need `member`, both in the object's project.
 */
export const defaultRules = (profile: DefaultsName): readonly RuleDefault[] =>
  profile === 'zed'
    ? [...ZED_BASE, ...apiRules('zed')]
    : [...SECURE_RBAC_BASE, ...apiRules('secure-rbac')]
