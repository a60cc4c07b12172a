/** Magnum's `links`: a versioned self link and an unversioned bookmark. */
export const resourceLinks = (baseUrl: string, collection: string, id: string) => [
  { href: `${baseUrl}/v1/${collection}/${id}`, rel: 'self' },
  { href: `${baseUrl}/${collection}/${id}`, rel: 'bookmark' },
]

/** A collection's `next` link, present only when a page was full. */
export const nextLink = (
  baseUrl: string,
  path: string,
  q: { limit: number; marker: string | undefined; sortKey: string; sortDir: string } | undefined
): string | undefined => {
  if (!q?.marker) return undefined
  const params = new URLSearchParams({
    sort_key: q.sortKey,
    sort_dir: q.sortDir,
    limit: String(q.limit),
    marker: q.marker,
  })
  return `${baseUrl}/v1/${path}?${params.toString()}`
}
