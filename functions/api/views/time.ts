/**
 * Magnum renders times as ISO 8601 with an explicit offset and no fraction
 * (`2016-08-29T06:51:31+00:00`); Berth stores millisecond ISO strings in UTC.
 */
export const magnumTime = (iso: string | null): string | null =>
  iso === null ? null : `${new Date(iso).toISOString().slice(0, 19)}+00:00`
