import type { Deliberate } from './compare'

/**
 * The differences from Magnum 15 that Berth keeps on purpose, each with its reason. The
 * comparison test (magnum-compare.test.ts) fails on any other; the README's "Deliberate differences from Magnum"
 * explains the same list for the README.
 */
export const DELIBERATE_DIFFERENCES: readonly Deliberate[] = [
  {
    request: /\/v1\/clustertemplates/,
    path: 'driver',
    reason:
      "Berth speaks upstream master's API, whose templates carry an explicit `driver` (null unless set); Magnum 15 predates the field. Clients ignore fields they do not know.",
  },
  {
    request: 'GET /v1/clustertemplates (ours)',
    path: 'clustertemplates[].driver',
    reason: 'As above, in the list.',
  },
  {
    request: /.*/,
    path: 'errors[].request_id',
    reason:
      "Berth fills each error's request_id with the request's X-Openstack-Request-Id, so a user's error can be found in the logs; Magnum's error middleware leaves it empty.",
  },
  {
    request: 'PATCH /v1/clustertemplates/{id}',
    path: 'updated_at',
    reason:
      'Magnum answers a PATCH with the template as it was loaded, so a first update shows updated_at null until the next GET; Berth answers with the template as saved.',
  },
  {
    request: 'POST /v1/clustertemplates (unknown image)',
    path: 'errors[].title',
    reason:
      'Same 400. Magnum looks for a driver for the image\'s os_distro before it looks the image up, so an unknown image reads "Cluster type (vm, Unset, kubernetes) not supported"; Berth says the image could not be found.',
  },
  {
    request: 'POST /v1/clustertemplates (unknown image)',
    path: 'errors[].detail',
    reason: 'As above.',
  },
  {
    request: 'POST /v1/clustertemplates (no coe)',
    path: 'errors[].title',
    reason:
      'Same 400. Magnum reports a missing coe as "Requested COE type Unset is not supported" (its driver check runs before body validation); Berth names the missing mandatory field, as Magnum does for every other one.',
  },
  {
    request: 'POST /v1/clustertemplates (no coe)',
    path: 'errors[].detail',
    reason: 'As above.',
  },
  {
    request: 'PATCH /v1/clustertemplates/{id} (labels as a JSON object)',
    path: '(status)',
    reason:
      "Magnum 15 takes /labels in a PATCH only as a string (python-magnumclient sends Python's repr of a dict) and refuses a JSON object; Berth takes both, so JSON clients need not imitate Python.",
  },
  {
    request: 'PATCH /v1/clustertemplates/{id} (labels as a JSON object)',
    path: '(body)',
    reason: 'As above.',
  },
]
