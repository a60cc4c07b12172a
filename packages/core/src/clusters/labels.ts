import { setOwn } from '../json-patch/python-literal'

type Labels = Record<string, string>

/**
 * The labels a new cluster (or nodegroup) gets from its parent's (Magnum's create): none given
 * (or an empty dict) ⇒ the parent's; given with merge_labels ⇒ parent's overlaid with them;
 * given without ⇒ exactly them.
 */
export const mergeLabels = (
  parent: Labels,
  given: Labels | null | undefined,
  merge: boolean
): Labels => {
  if (!given || Object.keys(given).length === 0) return { ...parent }
  return merge ? { ...parent, ...given } : { ...given }
}

export interface LabelsDiff {
  /** In both with different values; the value shown is the parent's (as Magnum shows it). */
  labels_overridden: Labels
  /** Only in the child. */
  labels_added: Labels
  /** Only in the parent: not inherited. */
  labels_skipped: Labels
}

/** How a cluster's labels differ from its template's (or a nodegroup's from its cluster's). */
export const labelsDiff = (parent: Labels, labels: Labels): LabelsDiff => {
  const out: LabelsDiff = { labels_overridden: {}, labels_added: {}, labels_skipped: {} }
  for (const [k, v] of Object.entries(parent)) {
    if (!Object.hasOwn(labels, k)) setOwn(out.labels_skipped, k, v)
  }
  for (const [k, v] of Object.entries(labels)) {
    if (!Object.hasOwn(parent, k)) setOwn(out.labels_added, k, v)
    else if (parent[k] !== v) setOwn(out.labels_overridden, k, parent[k])
  }
  return out
}
