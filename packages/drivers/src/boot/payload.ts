/**
 * What a node boots with, independent of the format (Ignition or cloud-init): static files
 * (scripts), systemd units, and the settings Heat substitutes per node. Settings reach the
 * bootstrap unit as a drop-in of `Environment=` lines; secrets as a root-only environment file.
 */

export interface BootFile {
  path: string
  mode: number
  content: string
}

export interface BootUnit {
  name: string
  content: string
  /** Started at boot (the bootstrap unit); other units are started by the scripts. */
  enabled: boolean
}

export interface BootSetting {
  /** Environment variable on the node, e.g. KUBE_TAG. */
  env: string
  secret: boolean
}

export interface BootPayload {
  files: BootFile[]
  units: BootUnit[]
  /** The unit that runs the bootstrap; it gets the settings. */
  bootstrapUnit: string
  settings: BootSetting[]
  /** Distribution packages to install first (cloud-init only; Fedora CoreOS has what we need). */
  packages: string[]
}

export const SECRETS_PATH = '/etc/berth/secrets.env'
export const PARAMS_DROPIN = '10-berth-params.conf'

/** The placeholder Heat's str_replace fills with a setting's value, e.g. `@@kube_tag@@`. */
export const placeholder = (env: string) => `@@${env.toLowerCase()}@@`

/** The bootstrap unit's drop-in carrying the non-secret settings. */
export const paramsDropIn = (settings: readonly BootSetting[]): string =>
  [
    '[Service]',
    ...settings.filter((s) => !s.secret).map((s) => `Environment="${s.env}=${placeholder(s.env)}"`),
    '',
  ].join('\n')

/** Lines of the secrets file (KEY=value, read with systemd's EnvironmentFile=). */
export const secretLines = (settings: readonly BootSetting[]): string[] =>
  settings.filter((s) => s.secret).map((s) => `${s.env}=${placeholder(s.env)}`)

/** A oneshot unit running a script once the network is up; reruns are the script's concern. */
export const bootstrapUnit = (description: string, script: string, after: string[] = []) =>
  [
    '[Unit]',
    `Description=${description}`,
    'Wants=network-online.target',
    `After=${['network-online.target', ...after].join(' ')}`,
    'ConditionPathExists=!/var/lib/berth/bootstrap.done',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `EnvironmentFile=-${SECRETS_PATH}`,
    'ExecStartPre=/usr/bin/mkdir -p /var/lib/berth',
    `ExecStart=${script}`,
    'ExecStartPost=/usr/bin/touch /var/lib/berth/bootstrap.done',
    'Restart=on-failure',
    'RestartSec=30',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n')
