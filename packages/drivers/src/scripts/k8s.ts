/**
 * berth-k8s.sh: what both Kubernetes drivers' nodes share: kernel settings, containerd, runc
 * and CNI plugins from their releases (checksums verified), Kubernetes binaries. The add-ons
 * the masters apply (pod network, OpenStack cloud provider) are in berth-k8s-addons.sh.
 */
export const K8S_PATH = '/usr/local/bin/berth-k8s.sh'

export const K8S_SH = `#!/bin/bash
# Kubernetes node library, sourced by the Kubernetes bootstrap scripts.
# shellcheck source=berth-lib.sh
. /usr/local/bin/berth-lib.sh

K8S=/etc/kubernetes
IMAGE_PREFIX="\${CONTAINER_INFRA_PREFIX:-registry.k8s.io/}"
SERVICE_BASE="\${SERVICE_CLUSTER_IP_RANGE%/*}"
# The first service address is the API's, the tenth the cluster DNS (as kubeadm and Magnum do).
API_SERVICE_IP="\${SERVICE_BASE%.*}.1"
DNS_SERVICE_IP="\${SERVICE_BASE%.*}.10"
export K8S IMAGE_PREFIX API_SERVICE_IP DNS_SERVICE_IP

k8s_kernel() {
  cat >/etc/modules-load.d/berth-k8s.conf <<EOF
overlay
br_netfilter
EOF
  modprobe overlay
  modprobe br_netfilter
  cat >/etc/sysctl.d/90-berth-k8s.conf <<EOF
net.bridge.bridge-nf-call-iptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.ipv4.ip_forward = 1
EOF
  sysctl --system >/dev/null
  swapoff -a
}

# containerd, runc and the CNI plugins at the versions the labels name.
k8s_containerd() {
  local v="\${CONTAINERD_VERSION#v}" tmp url sum
  tmp=$(mktemp -d)
  url="https://github.com/containerd/containerd/releases/download/v$v/containerd-$v-linux-$ARCH.tar.gz"
  sum=$(curl -fsSL --retry 10 "$url.sha256sum" | awk '{print $1}')
  download "$url" "$tmp/containerd.tgz" "$sum"
  tar -C /usr/local -xzf "$tmp/containerd.tgz"
  url="https://github.com/opencontainers/runc/releases/download/$RUNC_VERSION"
  sum=$(curl -fsSL --retry 10 "$url/runc.sha256sum" | awk -v f="runc.$ARCH" '$2 == f {print $1}')
  mkdir -p /usr/local/sbin /opt/cni/bin /etc/containerd
  download "$url/runc.$ARCH" /usr/local/sbin/runc "$sum"
  chmod 755 /usr/local/sbin/runc
  url="https://github.com/containernetworking/plugins/releases/download/$CNI_PLUGINS_TAG"
  download_checked "$url/cni-plugins-linux-$ARCH-$CNI_PLUGINS_TAG.tgz" "$tmp/cni.tgz"
  tar -C /opt/cni/bin -xzf "$tmp/cni.tgz"
  rm -rf "$tmp"
  if [ "$CGROUP_DRIVER" = systemd ]; then
    containerd config default | sed -e 's/SystemdCgroup = false/SystemdCgroup = true/' \\
      >/etc/containerd/config.toml
  else
    containerd config default >/etc/containerd/config.toml
  fi
  # Shadows the distribution's unit (Fedora CoreOS ships one for its own containerd).
  cat >/etc/systemd/system/containerd.service <<EOF
[Unit]
Description=containerd container runtime
After=network.target local-fs.target

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/local/bin/containerd
Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=5
LimitNPROC=infinity
LimitCORE=infinity
LimitNOFILE=infinity
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
EOF
  berth_service_proxy containerd.service
  systemctl daemon-reload
  systemctl enable --now containerd.service
}

# k8s_binaries <name...>: Kubernetes release binaries of KUBE_TAG.
k8s_binaries() {
  local b
  for b in "$@"; do
    download_checked "https://dl.k8s.io/release/$KUBE_TAG/bin/linux/$ARCH/$b" "/usr/local/bin/$b"
    chmod 755 "/usr/local/bin/$b"
  done
}
`

/** berth-k8s-addons.sh: what the masters apply to the cluster, idempotently. */
export const K8S_ADDONS_PATH = '/usr/local/bin/berth-k8s-addons.sh'

export const K8S_ADDONS_SH = `#!/bin/bash
# Kubernetes add-ons, sourced by the master scripts.
# shellcheck source=berth-k8s.sh
. /usr/local/bin/berth-k8s.sh

# k8s_network <kubeconfig>: flannel or calico over the pod network of the labels.
k8s_network() {
  local manifest
  manifest=$(mktemp)
  if [ "$NETWORK_DRIVER" = calico ]; then
    download "https://raw.githubusercontent.com/projectcalico/calico/$CALICO_TAG/manifests/calico.yaml" "$manifest"
    sed -i \\
      -e 's|# - name: CALICO_IPV4POOL_CIDR|- name: CALICO_IPV4POOL_CIDR|' \\
      -e 's|#   value: "192.168.0.0/16"|  value: "'"$PODS_NETWORK_CIDR"'"|' \\
      -e '/name: CALICO_IPV4POOL_IPIP/{n;s|value: ".*"|value: "'"$CALICO_IPV4POOL_IPIP"'"|}' \\
      "$manifest"
  else
    download "https://github.com/flannel-io/flannel/releases/download/$FLANNEL_TAG/kube-flannel.yml" "$manifest"
    sed -i \\
      -e 's|"Network": "10.244.0.0/16"|"Network": "'"$PODS_NETWORK_CIDR"'"|' \\
      -e 's|"Type": "vxlan"|"Type": "'"$FLANNEL_BACKEND"'"|' \\
      "$manifest"
  fi
  retry kubectl --kubeconfig "$1" apply -f "$manifest"
  rm -f "$manifest"
}

# k8s_cloud_provider <kubeconfig>: openstack-cloud-controller-manager with the cluster's
# application credential. Its --cluster-name is the cluster's UUID so the load balancers it
# creates read "Kubernetes ... from cluster <uuid>", which Berth's delete cleans up.
k8s_cloud_provider() {
  if ! is_true "$CLOUD_PROVIDER_ENABLED"; then return 0; fi
  local kc="$1" conf base manifest
  conf=$(mktemp)
  {
    echo "[Global]"
    echo "auth-url=$AUTH_URL"
    echo "application-credential-id=$APPLICATION_CREDENTIAL_ID"
    echo "application-credential-secret=$APPLICATION_CREDENTIAL_SECRET"
    if [ -n "$REGION_NAME" ]; then echo "region=$REGION_NAME"; fi
    echo "[LoadBalancer]"
    echo "use-octavia=true"
    if echo "$EXTERNAL_NETWORK_ID" | grep -Eq '^[0-9a-f-]{36}$'; then
      echo "floating-network-id=$EXTERNAL_NETWORK_ID"
    fi
  } >"$conf"
  manifest=$(mktemp)
  kubectl -n kube-system create secret generic cloud-config --from-file=cloud.conf="$conf" \\
    --dry-run=client -o yaml >"$manifest"
  retry kubectl --kubeconfig "$kc" apply -f "$manifest"
  rm -f "$conf"
  base="https://raw.githubusercontent.com/kubernetes/cloud-provider-openstack/$CLOUD_PROVIDER_TAG/manifests/controller-manager"
  retry kubectl --kubeconfig "$kc" apply -f "$base/cloud-controller-manager-roles.yaml" \\
    -f "$base/cloud-controller-manager-role-bindings.yaml"
  cat >"$manifest" <<EOF
apiVersion: v1
kind: ServiceAccount
metadata:
  name: cloud-controller-manager
  namespace: kube-system
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: openstack-cloud-controller-manager
  namespace: kube-system
  labels:
    k8s-app: openstack-cloud-controller-manager
spec:
  selector:
    matchLabels:
      k8s-app: openstack-cloud-controller-manager
  template:
    metadata:
      labels:
        k8s-app: openstack-cloud-controller-manager
    spec:
      nodeSelector:
        node-role.kubernetes.io/control-plane: ""
      tolerations:
        - key: node.cloudprovider.kubernetes.io/uninitialized
          value: "true"
          effect: NoSchedule
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
        - key: node.kubernetes.io/not-ready
          effect: NoSchedule
      serviceAccountName: cloud-controller-manager
      hostNetwork: true
      containers:
        - name: openstack-cloud-controller-manager
          image: registry.k8s.io/provider-os/openstack-cloud-controller-manager:$CLOUD_PROVIDER_TAG
          args:
            - /bin/openstack-cloud-controller-manager
            - --v=1
            - --cluster-name=$CLUSTER_UUID
            - --cloud-config=/etc/config/cloud.conf
            - --cloud-provider=openstack
            - --use-service-account-credentials=false
            - --bind-address=127.0.0.1
          volumeMounts:
            - name: cloud-config
              mountPath: /etc/config
              readOnly: true
      volumes:
        - name: cloud-config
          secret:
            secretName: cloud-config
EOF
  retry kubectl --kubeconfig "$kc" apply -f "$manifest"
  rm -f "$manifest"
}

# Magnum's tls_disabled: the API over plain HTTP on 8080, through an authenticated proxy.
k8s_insecure_api() {
  if ! is_true "$TLS_DISABLED"; then return 0; fi
  cat >/etc/systemd/system/berth-insecure-api.service <<EOF
[Unit]
Description=Kubernetes API over HTTP (tls_disabled)
After=kubelet.service

[Service]
ExecStart=/usr/local/bin/kubectl --kubeconfig=$1 proxy --address=0.0.0.0 \\\\
  --port=8080 --accept-hosts=.* --disable-filter=true
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
  systemctl daemon-reload
  systemctl enable --now berth-insecure-api.service
}
`
