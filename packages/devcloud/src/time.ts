/** The timestamp spellings of the services the development cloud imitates. */

/** Keystone: microseconds and a `Z` (`2026-01-01T00:00:00.000000Z`). */
export const keystoneTime = (iso: string): string => iso.replace(/\.(\d{3})Z$/, '.$1000Z')

/** Glance and Neutron: whole seconds with `Z`. */
export const secondsTime = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z')

/** Nova: whole seconds (its database keeps no fraction) written with microseconds, no zone. */
export const novaTime = (iso: string): string => iso.replace(/\.\d{3}Z$/, '.000000')

export const addSeconds = (d: Date, seconds: number): Date => new Date(d.getTime() + seconds * 1000)
