import { gzipSync } from 'node:zlib'
import { toBlockYaml } from './block-yaml'
import { type BootPayload, PARAMS_DROPIN, paramsDropIn, SECRETS_PATH, secretLines } from './payload'

const octal = (mode: number) => `0${mode.toString(8)}`

/**
 * Ubuntu's first-boot config. Scripts travel gzipped (Nova caps user data at 64 KiB); the
 * settings drop-in and the secrets file stay plain text because Heat substitutes into them.
 */
export const renderCloudInit = (payload: BootPayload): string => {
  const dropInDir = `/etc/systemd/system/${payload.bootstrapUnit}.d`
  const config = {
    package_update: payload.packages.length > 0,
    packages: payload.packages,
    write_files: [
      ...payload.files.map((f) => ({
        path: f.path,
        permissions: octal(f.mode),
        owner: 'root:root',
        encoding: 'gz+b64',
        content: gzipSync(Buffer.from(f.content, 'utf8'), { level: 9 }).toString('base64'),
      })),
      ...payload.units.map((u) => ({
        path: `/etc/systemd/system/${u.name}`,
        permissions: '0644',
        owner: 'root:root',
        content: u.content,
      })),
      {
        path: `${dropInDir}/${PARAMS_DROPIN}`,
        permissions: '0644',
        owner: 'root:root',
        content: paramsDropIn(payload.settings),
      },
      {
        path: SECRETS_PATH,
        permissions: '0600',
        owner: 'root:root',
        content: `${secretLines(payload.settings).join('\n')}\n`,
      },
    ],
    runcmd: [
      ['systemctl', 'daemon-reload'],
      ...payload.units
        .filter((u) => u.enabled)
        .map((u) => ['systemctl', 'enable', '--now', '--no-block', u.name]),
    ],
  }
  return `#cloud-config\n${toBlockYaml(config)}`
}
