import { gzipSync } from 'node:zlib'
import type { IgnitionConfig } from './ignition-schema'
import { type BootPayload, PARAMS_DROPIN, paramsDropIn, placeholder, SECRETS_PATH } from './payload'

export const IGNITION_VERSION = '3.4.0'

/** gzip without a timestamp, so the same script always renders the same bytes. */
const dataUrl = (content: string) =>
  `data:;base64,${gzipSync(Buffer.from(content, 'utf8'), { level: 9 }).toString('base64')}`

/**
 * The secrets file as a data URL with Heat's placeholders left readable: only the fixed text
 * is percent-encoded, and secret values are URL-safe by constraint, so substitution keeps the
 * URL valid.
 */
const secretsUrl = (payload: BootPayload) =>
  `data:,${payload.settings
    .filter((s) => s.secret)
    .map((s) => `${encodeURIComponent(`${s.env}=`)}${placeholder(s.env)}%0A`)
    .join('')}`

/** Fedora CoreOS's first-boot config; Afterburn puts the Nova keypair on `core` by itself. */
export const renderIgnition = (payload: BootPayload): string => {
  const config: IgnitionConfig = {
    ignition: { version: IGNITION_VERSION },
    storage: {
      directories: [{ path: '/etc/berth', mode: 0o700 }],
      files: [
        ...payload.files.map((f) => ({
          path: f.path,
          mode: f.mode,
          overwrite: true,
          contents: { source: dataUrl(f.content), compression: 'gzip' as const },
        })),
        {
          path: SECRETS_PATH,
          mode: 0o600,
          overwrite: true,
          contents: { source: secretsUrl(payload) },
        },
      ],
    },
    systemd: {
      units: payload.units.map((u) => ({
        name: u.name,
        enabled: u.enabled,
        contents: u.content,
        ...(u.name === payload.bootstrapUnit
          ? { dropins: [{ name: PARAMS_DROPIN, contents: paramsDropIn(payload.settings) }] }
          : {}),
      })),
    },
  }
  return JSON.stringify(config)
}
