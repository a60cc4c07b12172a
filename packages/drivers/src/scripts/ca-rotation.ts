import { CA_ROTATION_METADATA } from '../kit/ca-rotation'

/**
 * berth-ca-rotation.sh, run by a timer on nodes of drivers that rotate CAs in place. It reads
 * the CA generation Heat wrote into the server's metadata; when it changes, the node's
 * certificates are deleted and the bootstrap runs again, which fetches the new CAs, has every
 * certificate signed anew and restarts what uses them (the static pods see a new annotation).
 */
export const CA_ROTATION_PATH = '/usr/local/bin/berth-ca-rotation.sh'

export const CA_ROTATION_SH = `#!/bin/bash
# Berth: follows the CA generation in this server's metadata.
set -euo pipefail

# Overridable for tests only.
DIR=\${BERTH_STATE_DIR:-/var/lib/berth}
PKI=\${BERTH_PKI:-/etc/berth/pki}
METADATA=\${BERTH_METADATA_URL:-http://169.254.169.254/openstack/latest/meta_data.json}
STATE="$DIR/ca-rotation"

# No answer from the metadata service is no news: never a rotation.
json=$(curl -fsS --max-time 10 "$METADATA") || exit 0
wanted=$(echo "$json" | grep -o '"${CA_ROTATION_METADATA}": *"[^"]*"' |
  sed -e 's/^.*: *"//' -e 's/"$//' || true)
mkdir -p "$DIR"
# The first look comes early at boot, before the bootstrap fetches the CAs: they are current.
if [ ! -e "$STATE" ]; then
  echo "$wanted" >"$STATE"
  exit 0
fi
if [ "$(cat "$STATE")" = "$wanted" ]; then exit 0; fi
# A bootstrap still running finishes first; the next look rotates.
if [ ! -e "$DIR/bootstrap.done" ]; then exit 0; fi
echo "berth: CA generation $wanted: re-issuing this node's certificates" >&2
find "$PKI" -name '*.crt' -delete
echo "$wanted" >"$STATE"
rm -f "$DIR/bootstrap.done"
systemctl restart berth-bootstrap.service
`

export const caRotationUnits = () => [
  {
    name: 'berth-ca-rotation.service',
    enabled: false,
    content: [
      '[Unit]',
      'Description=Berth: follow CA rotations',
      'Wants=network-online.target',
      'After=network-online.target',
      '',
      '[Service]',
      'Type=oneshot',
      `ExecStart=${CA_ROTATION_PATH}`,
      '',
    ].join('\n'),
  },
  {
    name: 'berth-ca-rotation.timer',
    enabled: true,
    content: [
      '[Unit]',
      'Description=Berth: look for CA rotations every minute',
      '',
      '[Timer]',
      'OnBootSec=5s',
      'OnUnitActiveSec=60s',
      '',
      '[Install]',
      'WantedBy=timers.target',
      '',
    ].join('\n'),
  },
]
