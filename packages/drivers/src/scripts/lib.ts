/**
 * berth-lib.sh: what every Berth node does the same way whatever its COE. Sourced by the
 * bootstrap scripts; settings arrive as environment variables from the bootstrap unit.
 * Shell `${...}` is written `\${...}` and a backslash `\\` because this is a template literal.
 */
export const LIB_PATH = '/usr/local/bin/berth-lib.sh'

export const LIB_SH = `#!/bin/bash
# Berth node library, sourced by the bootstrap scripts.
set -euo pipefail

# Used by the scripts sourcing this file.
# shellcheck disable=SC2034
PKI=/etc/berth/pki
# shellcheck disable=SC2034
ARCH=$(uname -m | sed -e 's/x86_64/amd64/' -e 's/aarch64/arm64/')
export PATH=/usr/local/bin:/usr/local/sbin:$PATH

log() {
  echo "berth: $*" >&2
}

# retry <command...>: 60 attempts, 10 s apart; the network and the API come up in any order.
retry() {
  local n=0
  until "$@"; do
    n=$((n + 1))
    if [ "$n" -ge 60 ]; then
      log "giving up: $*"
      return 1
    fi
    sleep 10
  done
}

is_true() {
  case "$(echo "\${1:-}" | tr '[:upper:]' '[:lower:]')" in
    true | yes | 1) return 0 ;;
    *) return 1 ;;
  esac
}

# Proxies for this script; services get theirs from berth_service_proxy.
berth_proxy() {
  if [ -n "\${HTTP_PROXY:-}" ]; then export http_proxy="$HTTP_PROXY"; fi
  if [ -n "\${HTTPS_PROXY:-}" ]; then export https_proxy="$HTTPS_PROXY"; fi
  if [ -n "\${NO_PROXY:-}" ]; then export no_proxy="$NO_PROXY"; fi
}

# download <url> <file> [sha256]
download() {
  curl -fsSL --retry 10 --retry-delay 5 -o "$2.part" "$1"
  if [ -n "\${3:-}" ]; then
    echo "$3  $2.part" | sha256sum -c --quiet -
  fi
  mv "$2.part" "$2"
}

# jq where the distribution lacks it, from its release (checksums verified).
berth_tools() {
  local url=https://github.com/jqlang/jq/releases/download/jq-1.7.1 sum
  if command -v jq >/dev/null 2>&1; then return 0; fi
  sum=$(curl -fsSL --retry 10 "$url/sha256sum.txt" | awk -v f="jq-linux-$ARCH" '$2 == f {print $1}')
  download "$url/jq-linux-$ARCH" /usr/local/bin/jq "$sum"
  chmod 755 /usr/local/bin/jq
}

# download_checked <url> <file>: verified by the checksum published beside it (<url>.sha256).
download_checked() {
  local sum
  sum=$(curl -fsSL --retry 10 --retry-delay 5 "$1.sha256" | awk '{print $1}')
  download "$1" "$2" "$sum"
}

# A Keystone token from the cluster's application credential.
berth_token() {
  local body
  body=$(jq -n --arg id "$APPLICATION_CREDENTIAL_ID" --arg secret "$APPLICATION_CREDENTIAL_SECRET" \\
    '{auth: {identity: {methods: ["application_credential"],
      application_credential: {id: $id, secret: $secret}}}}')
  curl -fsS --retry 5 -D - -o /dev/null -H 'Content-Type: application/json' -d "$body" \\
    "$AUTH_URL/auth/tokens" | awk 'tolower($1) == "x-subject-token:" {print $2}' | tr -d '\\r'
}

# berth_api <curl args...>: Berth's (Magnum's) API with a fresh token.
berth_api() {
  local token
  token=$(berth_token)
  curl -fsS --retry 5 -H "X-Auth-Token: $token" \\
    -H 'OpenStack-API-Version: container-infra latest' "$@"
}

# berth_ca <type> <file>: a CA of the cluster (empty type: the default, Kubernetes one).
berth_ca() {
  local query=""
  if [ -n "$1" ]; then query="?ca_cert_type=$1"; fi
  mkdir -p "$(dirname "$2")"
  retry berth_api "$MAGNUM_URL/certificates/$CLUSTER_UUID$query" -o "$2.json"
  jq -er .pem "$2.json" >"$2"
  rm -f "$2.json"
}

# berth_cert <name> <subject> <ca type> <extendedKeyUsage> [subjectAltName]: a key made here
# and its certificate signed by Berth from a CSR, as Magnum's nodes get theirs.
berth_cert() {
  local key="$PKI/$1.key" csr="$PKI/$1.csr" crt="$PKI/$1.crt" body
  if [ -s "$crt" ]; then return 0; fi
  mkdir -p "$PKI"
  (umask 077 && openssl genrsa -out "$key" 2048 2>/dev/null)
  local args=(-new -key "$key" -subj "$2"
    -addext "keyUsage=critical,digitalSignature,keyEncipherment"
    -addext "extendedKeyUsage=$4")
  if [ -n "\${5:-}" ]; then args+=(-addext "subjectAltName=$5"); fi
  openssl req "\${args[@]}" -out "$csr"
  body=$(jq -n --arg cluster "$CLUSTER_UUID" --rawfile csr "$csr" --arg type "$3" \\
    '{cluster_uuid: $cluster, csr: $csr} + (if $type == "" then {} else {ca_cert_type: $type} end)')
  retry berth_api -H 'Content-Type: application/json' -d "$body" "$MAGNUM_URL/certificates" \\
    -o "$crt.json"
  jq -er .pem "$crt.json" >"$crt"
  rm -f "$crt.json"
}

# berth_volume <cinder volume id> <directory>: waits for the attachment, formats the volume
# the first time only (it outlives servers replaced by an upgrade), mounts it at every boot.
berth_volume() {
  if [ -z "$1" ]; then return 0; fi
  local dev unit
  dev="/dev/disk/by-id/virtio-$(echo "$1" | cut -c1-20)"
  retry test -e "$dev"
  if ! blkid "$dev" >/dev/null 2>&1; then mkfs.ext4 -q "$dev"; fi
  mkdir -p "$2"
  unit=$(systemd-escape --path --suffix=mount "$2")
  cat >"/etc/systemd/system/$unit" <<EOF
[Unit]
Before=local-fs.target

[Mount]
What=$dev
Where=$2
Type=ext4

[Install]
WantedBy=local-fs.target
EOF
  systemctl daemon-reload
  systemctl enable --now "$unit"
}

# berth_wait_tcp <host> <port>
berth_wait_tcp() {
  retry timeout 5 bash -c "exec 3<>/dev/tcp/$1/$2"
}

# berth_service_proxy <unit>: the proxies for a service.
berth_service_proxy() {
  if [ -z "\${HTTP_PROXY:-}\${HTTPS_PROXY:-}" ]; then return 0; fi
  mkdir -p "/etc/systemd/system/$1.d"
  cat >"/etc/systemd/system/$1.d/berth-proxy.conf" <<EOF
[Service]
Environment="HTTP_PROXY=\${HTTP_PROXY:-}" "HTTPS_PROXY=\${HTTPS_PROXY:-}" "NO_PROXY=\${NO_PROXY:-}"
EOF
}
`
