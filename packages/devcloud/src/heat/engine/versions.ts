/** The HOT versions Heat 19 accepts, oldest first, and the release names it also takes. */
export const VERSIONS = [
  '2013-05-23',
  '2014-10-16',
  '2015-04-30',
  '2015-10-15',
  '2016-04-08',
  '2016-10-14',
  '2017-02-24',
  '2017-09-01',
  '2018-03-02',
  '2018-08-31',
  '2021-04-16',
] as const

const ALIASES: Record<string, string> = {
  newton: '2016-10-14',
  ocata: '2017-02-24',
  pike: '2017-09-01',
  queens: '2018-03-02',
  rocky: '2018-08-31',
  wallaby: '2021-04-16',
}

export const VERSION_LIST = [...VERSIONS, ...Object.keys(ALIASES)].join(', ')

/** The canonical date of a version (or alias); undefined if Heat does not know it. */
export const canonicalVersion = (v: string): string | undefined =>
  (VERSIONS as readonly string[]).includes(v) ? v : ALIASES[v]

/** Where each intrinsic function appeared; a function of a later version is plain data. */
const SINCE: Record<string, string> = {
  get_param: '2013-05-23',
  get_resource: '2013-05-23',
  get_attr: '2013-05-23',
  get_file: '2013-05-23',
  str_replace: '2013-05-23',
  list_join: '2014-10-16',
  digest: '2015-04-30',
  repeat: '2015-04-30',
  resource_facade: '2013-05-23',
  str_split: '2015-10-15',
  map_merge: '2016-10-14',
  yaql: '2016-10-14',
  equals: '2016-10-14',
  if: '2016-10-14',
  not: '2016-10-14',
  and: '2016-10-14',
  or: '2016-10-14',
  map_replace: '2017-02-24',
  str_replace_strict: '2017-09-01',
  filter: '2017-09-01',
  make_url: '2017-09-01',
  list_concat: '2017-09-01',
  list_concat_unique: '2017-09-01',
  contains: '2017-09-01',
  str_replace_vstrict: '2018-03-02',
}

export const functionAvailable = (name: string, version: string): boolean => {
  const since = SINCE[name]
  return since !== undefined && since <= version
}

/** Whether the `conditions` section and resource `condition` exist in this version. */
export const conditionsAvailable = (version: string) => version >= '2016-10-14'
