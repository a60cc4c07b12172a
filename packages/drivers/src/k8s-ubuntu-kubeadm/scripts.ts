/**
 * The Ubuntu kubeadm node. The first master runs `kubeadm init` (uploading the control-plane
 * certificates under a key only masters receive), the others `kubeadm join --control-plane`,
 * workers `kubeadm join`. The bootstrap token never expires so resized and new nodegroups
 * can still join; discovery is verified by the token's signature over cluster-info.
 */
export const KUBEADM_NODE_PATH = '/usr/local/bin/berth-kubeadm-node.sh'
export const KUBEADM_MASTER_PATH = '/usr/local/bin/berth-kubeadm-master.sh'
export const KUBEADM_WORKER_PATH = '/usr/local/bin/berth-kubeadm-worker.sh'

export const KUBEADM_NODE_SH = `#!/bin/bash
# kubeadm node library, sourced by the master and worker scripts.
# shellcheck source=berth-k8s.sh
. /usr/local/bin/berth-k8s.sh

export KUBEADM_CONFIG=/etc/berth/kubeadm.yaml

# extra_args <indent> <options>: "--flag=value" words as a kubeadm extraArgs map.
extra_args() {
  local pad="$1" word key value
  read -ra words <<<"$2"
  for word in "\${words[@]}"; do
    word="\${word#--}"
    key="\${word%%=*}"
    value=true
    if [ "$key" != "$word" ]; then value="\${word#*=}"; fi
    printf '%s%s: "%s"\\n' "$pad" "$key" "$value"
  done
}

kubeadm_kubelet() {
  mkdir -p /etc/systemd/system/kubelet.service.d /var/lib/kubelet
  cat >/etc/systemd/system/kubelet.service <<'EOF'
[Unit]
Description=Kubernetes kubelet
Wants=network-online.target
After=network-online.target containerd.service

[Service]
ExecStart=/usr/local/bin/kubelet
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
EOF
  cat >/etc/systemd/system/kubelet.service.d/10-kubeadm.conf <<'EOF'
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/local/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
EOF
  echo "KUBELET_EXTRA_ARGS=$KUBELET_OPTIONS" >/etc/default/kubelet
  systemctl daemon-reload
  systemctl enable kubelet.service
}

# The nodeRegistration every node uses: its name, containerd, the external cloud provider.
node_registration() {
  local labels="magnum.openstack.org/role=$NODEGROUP_ROLE,magnum.openstack.org/nodegroup=$NODEGROUP_NAME"
  if [ -n "$NODE_LABELS" ]; then labels="$labels,$NODE_LABELS"; fi
  cat <<EOF
nodeRegistration:
  name: "$NODE_NAME"
  criSocket: unix:///run/containerd/containerd.sock
  kubeletExtraArgs:
    cloud-provider: external
    node-ip: "$NODE_PRIVATE_ADDRESS"
    node-labels: "$labels"
EOF
  if [ -n "$NODE_TAINTS" ]; then echo "    register-with-taints: \\"$NODE_TAINTS\\""; fi
}

# join_config: how this node joins through the API's private address.
join_config() {
  cat <<EOF
apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
discovery:
  bootstrapToken:
    apiServerEndpoint: "$API_PRIVATE_ADDRESS:6443"
    token: "$KUBEADM_TOKEN"
$(ca_pin)
$(node_registration)
EOF
}

# ca_pin: the Kubernetes CA's key hash when Berth made the CA, else no verification (as before).
ca_pin() {
  if [ -n "\${K8S_CA_HASH:-}" ]; then
    echo "    caCertHashes: [\\"$K8S_CA_HASH\\"]"
  else
    echo "    unsafeSkipCAVerification: true"
  fi
}

# kubeadm_once <init|join> <args...>: a failed attempt is reset so the next one starts clean
# (the bootstrap unit restarts after a failure).
kubeadm_once() {
  if kubeadm "$@" --config "$KUBEADM_CONFIG"; then return 0; fi
  kubeadm reset --force >/dev/null 2>&1 || true
  return 1
}

kubeadm_prepare() {
  berth_proxy
  berth_tools
  k8s_kernel
  berth_volume "$DOCKER_VOLUME_ID" /var/lib/containerd
  k8s_containerd
  k8s_binaries kubeadm kubelet kubectl
  kubeadm_kubelet
  mkdir -p /etc/berth
}
`

export const KUBEADM_MASTER_SH = `#!/bin/bash
# kubeadm master bootstrap.
# shellcheck source=berth-kubeadm-node.sh
. /usr/local/bin/berth-kubeadm-node.sh
# shellcheck source=berth-k8s-addons.sh
. /usr/local/bin/berth-k8s-addons.sh

init_config() {
  local sans="\\"$API_PRIVATE_ADDRESS\\", \\"$NODE_PRIVATE_ADDRESS\\""
  if [ -n "$API_PUBLIC_ADDRESS" ]; then sans="$sans, \\"$API_PUBLIC_ADDRESS\\""; fi
  if [ -n "$NODE_PUBLIC_ADDRESS" ]; then sans="$sans, \\"$NODE_PUBLIC_ADDRESS\\""; fi
  cat <<EOF
apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens:
  - token: "$KUBEADM_TOKEN"
    ttl: "0s"
    usages: [signing, authentication]
    groups: ["system:bootstrappers:kubeadm:default-node-token"]
certificateKey: "$CERTIFICATE_KEY"
localAPIEndpoint:
  advertiseAddress: "$NODE_PRIVATE_ADDRESS"
  bindPort: 6443
$(node_registration)
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
kubernetesVersion: "$KUBE_TAG"
controlPlaneEndpoint: "$API_PRIVATE_ADDRESS:6443"
imageRepository: "\${IMAGE_PREFIX%/}"
networking:
  podSubnet: "$PODS_NETWORK_CIDR"
  serviceSubnet: "$SERVICE_CLUSTER_IP_RANGE"
apiServer:
  certSANs: [$sans]
  extraArgs:
$(extra_args "    " "$KUBEAPI_OPTIONS")
controllerManager:
  extraArgs:
    cluster-name: "$CLUSTER_UUID"
$(extra_args "    " "$KUBECONTROLLER_OPTIONS")
scheduler:
  extraArgs:
$(extra_args "    " "$KUBESCHEDULER_OPTIONS")
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: "$CGROUP_DRIVER"
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clusterCIDR: "$PODS_NETWORK_CIDR"
EOF
}

# The uploaded control-plane certificates expire after two hours; a master replaced later
# must still find them, so every master uploads them again each hour under the same key.
refresh_certificates() {
  cat >/etc/systemd/system/berth-upload-certs.service <<EOF
[Unit]
Description=Re-upload the kubeadm control-plane certificates

[Service]
Type=oneshot
EnvironmentFile=/etc/berth/secrets.env
ExecStart=/usr/local/bin/kubeadm init phase upload-certs --upload-certs \\\\
  --certificate-key=\\\${CERTIFICATE_KEY} --kubeconfig=/etc/kubernetes/admin.conf
EOF
  cat >/etc/systemd/system/berth-upload-certs.timer <<EOF
[Unit]
Description=Re-upload the kubeadm control-plane certificates hourly

[Timer]
OnBootSec=30min
OnUnitActiveSec=1h

[Install]
WantedBy=timers.target
EOF
  systemctl daemon-reload
  systemctl enable --now berth-upload-certs.timer
}

# A master joins as a control-plane node, fetching the uploaded certificates with the key.
control_plane_join_config() {
  join_config
  cat <<EOF
controlPlane:
  localAPIEndpoint:
    advertiseAddress: "$NODE_PRIVATE_ADDRESS"
    bindPort: 6443
  certificateKey: "$CERTIFICATE_KEY"
EOF
}

# berth_cas: Berth's CAs where kubeadm init looks for them (a reset on a failed init removes
# them, so they are written before every attempt); kubeadm then signs with them.
berth_cas() {
  local pki=/etc/kubernetes/pki
  if [ -z "\${K8S_CA_KEY:-}" ]; then return 0; fi
  mkdir -p "$pki/etcd"
  (
    umask 077
    echo "$K8S_CA_CRT" | base64 -d >"$pki/ca.crt"
    echo "$K8S_CA_KEY" | base64 -d >"$pki/ca.key"
    echo "$ETCD_CA_CRT" | base64 -d >"$pki/etcd/ca.crt"
    echo "$ETCD_CA_KEY" | base64 -d >"$pki/etcd/ca.key"
    echo "$FRONT_PROXY_CA_CRT" | base64 -d >"$pki/front-proxy-ca.crt"
    echo "$FRONT_PROXY_CA_KEY" | base64 -d >"$pki/front-proxy-ca.key"
  )
}

api_serving() {
  curl -fsSk --max-time 5 "https://$API_PRIVATE_ADDRESS:6443/readyz" >/dev/null 2>&1
}

kubeadm_prepare
if [ ! -f /etc/kubernetes/kubelet.conf ]; then
  if [ "$NODE_INDEX" = 0 ] && ! api_serving; then
    init_config >"$KUBEADM_CONFIG"
    berth_cas
    kubeadm_once init --upload-certs
  else
    control_plane_join_config >"$KUBEADM_CONFIG"
    retry kubeadm_once join
  fi
fi
refresh_certificates
k8s_network /etc/kubernetes/admin.conf
k8s_cloud_provider /etc/kubernetes/admin.conf
k8s_insecure_api /etc/kubernetes/admin.conf
log "master $NODE_NAME is up"
`

export const KUBEADM_WORKER_SH = `#!/bin/bash
# kubeadm worker bootstrap.
# shellcheck source=berth-kubeadm-node.sh
. /usr/local/bin/berth-kubeadm-node.sh

kubeadm_prepare
if [ ! -f /etc/kubernetes/kubelet.conf ]; then
  join_config >"$KUBEADM_CONFIG"
  berth_wait_tcp "$API_PRIVATE_ADDRESS" 6443
  retry kubeadm_once join
fi
log "worker $NODE_NAME is up"
`
