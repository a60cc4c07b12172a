/**
 * Mesos on Ubuntu, everything in containers on Ubuntu's Docker: ZooKeeper, the Mesos master
 * and Marathon on each master (the ensemble from the masters' addresses, which the stack
 * knows before they boot), a Mesos agent with the Docker containerizer on each worker.
 */
export const MESOS_NODE_PATH = '/usr/local/bin/berth-mesos-node.sh'
export const MESOS_MASTER_PATH = '/usr/local/bin/berth-mesos-master.sh'
export const MESOS_AGENT_PATH = '/usr/local/bin/berth-mesos-agent.sh'

export const MESOS_NODE_SH = `#!/bin/bash
# Mesos node library, sourced by the master and agent scripts.
# shellcheck source=berth-lib.sh
. /usr/local/bin/berth-lib.sh

# zk://<master>:2181,.../<path>
zk_url() {
  local list="" address
  for address in \${MASTER_ADDRESSES//,/ }; do
    list="\${list:+$list,}$address:2181"
  done
  echo "zk://$list/$1"
}

# run_container <name> <docker run arguments...>: (re)started by Docker on every boot.
run_container() {
  local name="$1"
  shift
  docker rm -f "$name" >/dev/null 2>&1 || true
  retry docker run -d --restart=always --net=host --name "$name" "$@"
}

mesos_prepare() {
  berth_proxy
  berth_volume "$DOCKER_VOLUME_ID" /var/lib/docker
  berth_service_proxy docker.service
  systemctl daemon-reload
  systemctl enable --now docker.service
}
`

export const MESOS_MASTER_SH = `#!/bin/bash
# Mesos master bootstrap: ZooKeeper, mesos-master and Marathon.
# shellcheck source=berth-mesos-node.sh
. /usr/local/bin/berth-mesos-node.sh

mesos_prepare
servers="" count=0
for address in \${MASTER_ADDRESSES//,/ }; do
  count=$((count + 1))
  servers="\${servers:+$servers }server.$count=$address:2888:3888;2181"
done
mkdir -p /var/lib/zookeeper /var/lib/mesos
run_container zookeeper -e ZOO_MY_ID="$((NODE_INDEX + 1))" -e ZOO_SERVERS="$servers" \\
  -v /var/lib/zookeeper:/data "zookeeper:$ZOOKEEPER_TAG"
run_container mesos-master -e MESOS_ZK="$(zk_url mesos)" -e MESOS_QUORUM="$((count / 2 + 1))" \\
  -e MESOS_IP="$NODE_PRIVATE_ADDRESS" -e MESOS_HOSTNAME="$NODE_PRIVATE_ADDRESS" \\
  -e MESOS_CLUSTER="$CLUSTER_UUID" -e MESOS_WORK_DIR=/var/lib/mesos \\
  -v /var/lib/mesos:/var/lib/mesos "mesosphere/mesos-master:$MESOS_VERSION"
run_container marathon "mesosphere/marathon:$MARATHON_VERSION" \\
  --master "$(zk_url mesos)" --zk "$(zk_url marathon)" --hostname "$NODE_PRIVATE_ADDRESS"
log "master $NODE_NAME is up"
`

export const MESOS_AGENT_SH = `#!/bin/bash
# Mesos agent bootstrap.
# shellcheck source=berth-mesos-node.sh
. /usr/local/bin/berth-mesos-node.sh

mesos_prepare
mkdir -p "$MESOS_SLAVE_WORK_DIR"
run_container mesos-agent --pid=host --privileged \\
  -e MESOS_MASTER="$(zk_url mesos)" -e MESOS_IP="$NODE_PRIVATE_ADDRESS" \\
  -e MESOS_HOSTNAME="$NODE_PRIVATE_ADDRESS" -e MESOS_CONTAINERIZERS=docker,mesos \\
  -e MESOS_ISOLATION="$MESOS_SLAVE_ISOLATION" \\
  -e MESOS_IMAGE_PROVIDERS="$MESOS_SLAVE_IMAGE_PROVIDERS" \\
  -e MESOS_WORK_DIR="$MESOS_SLAVE_WORK_DIR" -e MESOS_SYSTEMD_ENABLE_SUPPORT=false \\
  -e MESOS_ATTRIBUTES="nodegroup:$NODEGROUP_NAME" \\
  -v /var/run/docker.sock:/var/run/docker.sock -v /sys/fs/cgroup:/sys/fs/cgroup \\
  -v "$MESOS_SLAVE_WORK_DIR:$MESOS_SLAVE_WORK_DIR" \\
  "mesosphere/mesos-slave:$MESOS_VERSION"
log "agent $NODE_NAME is up"
`
