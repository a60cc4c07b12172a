/**
 * Docker swarm mode nodes. Swarm makes its own join tokens (they embed the swarm CA's
 * digest), so no stack-generated value can be one; as Magnum's swarm-mode driver did, nodes
 * read them from a manager's Docker API, which listens on 2375 with TLS client certificates
 * signed by Berth. Managers know each other's addresses from the stack, so a replaced
 * manager rejoins through the others and only the first manager of a new cluster inits.
 */
export const SWARM_NODE_PATH = '/usr/local/bin/berth-swarm-node.sh'
export const SWARM_MANAGER_PATH = '/usr/local/bin/berth-swarm-manager.sh'
export const SWARM_WORKER_PATH = '/usr/local/bin/berth-swarm-worker.sh'

export const SWARM_NODE_SH = `#!/bin/bash
# Swarm node library, sourced by the manager and worker scripts.
# shellcheck source=berth-lib.sh
. /usr/local/bin/berth-lib.sh

# Docker Engine's static release, the same on Fedora CoreOS and Ubuntu, replacing the
# distribution's engine (download.docker.com publishes no checksums for it; TLS only).
docker_install() {
  local tmp
  tmp=$(mktemp -d)
  download "https://download.docker.com/linux/static/stable/$(uname -m)/docker-$DOCKER_VERSION.tgz" \\
    "$tmp/docker.tgz"
  tar -C "$tmp" -xzf "$tmp/docker.tgz"
  install -m 755 "$tmp"/docker/* /usr/local/bin/
  rm -rf "$tmp"
  systemctl stop docker.socket docker.service 2>/dev/null || true
  systemctl mask docker.socket
}

# docker_tls <role>: a certificate for serving (managers) and for asking managers (everyone).
docker_tls() {
  local san="IP:$NODE_PRIVATE_ADDRESS,IP:127.0.0.1,DNS:$NODE_NAME"
  if is_true "$TLS_DISABLED"; then return 0; fi
  if [ -n "$NODE_PUBLIC_ADDRESS" ]; then san="$san,IP:$NODE_PUBLIC_ADDRESS"; fi
  if [ "$1" = manager ]; then
    san="$san,IP:$API_PRIVATE_ADDRESS"
    if [ -n "$API_PUBLIC_ADDRESS" ]; then san="$san,IP:$API_PUBLIC_ADDRESS"; fi
  fi
  berth_ca "" "$PKI/ca.crt"
  berth_cert docker "/CN=$NODE_NAME" "" serverAuth,clientAuth "$san"
}

# docker_start <role>: managers serve the Docker API on 2375 (TLS unless tls_disabled).
docker_start() {
  local hosts='"unix:///var/run/docker.sock"' tls=""
  if [ "$1" = manager ]; then hosts="$hosts, \\"tcp://0.0.0.0:2375\\""; fi
  if ! is_true "$TLS_DISABLED"; then
    tls=", \\"tls\\": true, \\"tlsverify\\": true, \\"tlscacert\\": \\"$PKI/ca.crt\\""
    tls="$tls, \\"tlscert\\": \\"$PKI/docker.crt\\", \\"tlskey\\": \\"$PKI/docker.key\\""
  fi
  mkdir -p /etc/docker
  echo "{\\"hosts\\": [$hosts]$tls}" | jq . >/etc/docker/daemon.json
  cat >/etc/systemd/system/docker.service <<EOF
[Unit]
Description=Docker Engine
After=network-online.target
Wants=network-online.target

[Service]
Type=notify
ExecStart=/usr/local/bin/dockerd
ExecReload=/bin/kill -s HUP \\$MAINPID
Delegate=yes
KillMode=process
Restart=always
RestartSec=5
LimitNOFILE=infinity
LimitNPROC=infinity
TasksMax=infinity

[Install]
WantedBy=multi-user.target
EOF
  berth_service_proxy docker.service
  systemctl daemon-reload
  systemctl enable --now docker.service
}

swarm_active() {
  [ "$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = active ]
}

# manager_docker <address> <docker args...>: a manager's Docker API.
manager_docker() {
  local address="$1"
  shift
  if is_true "$TLS_DISABLED"; then
    docker -H "tcp://$address:2375" "$@"
  else
    docker --tlsverify --tlscacert "$PKI/ca.crt" --tlscert "$PKI/docker.crt" \\
      --tlskey "$PKI/docker.key" -H "tcp://$address:2375" "$@"
  fi
}

# join_through_managers <manager|worker>: the first manager that answers hands out a token.
join_through_managers() {
  local address token
  for address in \${MASTER_ADDRESSES//,/ }; do
    if [ "$address" = "$NODE_PRIVATE_ADDRESS" ]; then continue; fi
    if token=$(manager_docker "$address" swarm join-token --quiet "$1" 2>/dev/null) &&
      [ -n "$token" ]; then
      docker swarm join --token "$token" --advertise-addr "$NODE_PRIVATE_ADDRESS" "$address:2377"
      return 0
    fi
  done
  return 1
}

swarm_prepare() {
  berth_proxy
  berth_tools
  berth_volume "$DOCKER_VOLUME_ID" /var/lib/docker
  docker_install
  docker_tls "$1"
  docker_start "$1"
}
`

export const SWARM_MANAGER_SH = `#!/bin/bash
# Swarm manager bootstrap.
# shellcheck source=berth-swarm-node.sh
. /usr/local/bin/berth-swarm-node.sh

# A replaced manager leaves its predecessor's entry behind, down; it would count against the
# Raft quorum, so the newcomer removes it.
forget_predecessor() {
  local host id
  host=$(hostname)
  for id in $(docker node ls --format '{{.ID}} {{.Hostname}} {{.Status}}' |
    awk -v h="$host" '$2 == h && $3 == "Down" {print $1}'); do
    docker node demote "$id" || true
    docker node rm --force "$id"
  done
}

swarm_prepare manager
if ! swarm_active; then
  if ! join_through_managers manager; then
    if [ "$NODE_INDEX" = 0 ]; then
      docker swarm init --advertise-addr "$NODE_PRIVATE_ADDRESS" \\
        --default-addr-pool "$SWARM_DEFAULT_ADDR_POOL"
    else
      retry join_through_managers manager
    fi
  fi
fi
forget_predecessor
log "manager $NODE_NAME is in the swarm"
`

export const SWARM_WORKER_SH = `#!/bin/bash
# Swarm worker bootstrap.
# shellcheck source=berth-swarm-node.sh
. /usr/local/bin/berth-swarm-node.sh

swarm_prepare worker
if ! swarm_active; then
  retry join_through_managers worker
fi
log "worker $NODE_NAME is in the swarm"
`
