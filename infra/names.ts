/** `cluster-create` → `ClusterCreate`: SST component names are PascalCase, files kebab-case. */
export const pascal = (kebab: string): string =>
  kebab.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase())

/** The physical-name prefix for resources SST does not name itself: `berth-<stage>`. */
export const physicalName = (suffix: string): string => `${$app.name}-${$app.stage}-${suffix}`

export const isProduction = (): boolean => $app.stage === 'production'
