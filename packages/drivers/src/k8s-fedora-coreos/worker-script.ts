/** The Fedora CoreOS worker: kubelet and kube-proxy talking to the API's private address. */
export const FCOS_WORKER_PATH = '/usr/local/bin/berth-fcos-worker.sh'

export const FCOS_WORKER_SH = `#!/bin/bash
# Fedora CoreOS Kubernetes worker bootstrap.
# shellcheck source=berth-fcos-node.sh
. /usr/local/bin/berth-fcos-node.sh

fcos_prepare
berth_wait_tcp "$API_PRIVATE_ADDRESS" 6443
fcos_kubelet "https://$API_PRIVATE_ADDRESS:6443" worker
fcos_kube_proxy "https://$API_PRIVATE_ADDRESS:6443"
log "worker $NODE_NAME is up"
`
