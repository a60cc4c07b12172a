/**
 * berth-fcos-node.sh: the kubeadm-free Kubernetes node of the Fedora CoreOS driver. Every
 * certificate is a key made on the node and signed by Berth from a CSR (as Magnum's nodes get
 * theirs); the kubelet runs from the release binary, kube-proxy as a static pod.
 */
export const FCOS_NODE_PATH = '/usr/local/bin/berth-fcos-node.sh'

export const FCOS_NODE_SH = `#!/bin/bash
# Fedora CoreOS Kubernetes node library, sourced by the master and worker scripts.
# shellcheck source=berth-k8s.sh
. /usr/local/bin/berth-k8s.sh

# The CA generation this run's certificates come from: static pods carry it as an annotation,
# so a run after a CA rotation (berth-ca-rotation.sh) changes their manifests and restarts them.
# shellcheck disable=SC2034
CA_ROTATION=$(cat /var/lib/berth/ca-rotation 2>/dev/null || true)

fcos_selinux() {
  case "$SELINUX_MODE" in
    enforcing) return 0 ;;
    *)
      setenforce 0 || true
      sed -i -e 's/^SELINUX=.*/SELINUX=permissive/' /etc/selinux/config
      ;;
  esac
}

# yaml_list <indent> <item...>: YAML sequence items, quoted.
yaml_list() {
  local pad="$1" item
  shift
  for item in "$@"; do
    printf '%s- "%s"\\n' "$pad" "$item"
  done
}

# kubeconfig <file> <server> <certificate name>
kubeconfig() {
  local k=(kubectl config --kubeconfig="$1")
  "\${k[@]}" set-cluster berth --server="$2" --certificate-authority="$PKI/ca.crt" --embed-certs=true
  "\${k[@]}" set-credentials user --client-certificate="$PKI/$3.crt" --client-key="$PKI/$3.key" \\
    --embed-certs=true
  "\${k[@]}" set-context default --cluster=berth --user=user
  "\${k[@]}" use-context default
  chmod 600 "$1"
}

# fcos_kubelet <API server URL> <role>: certificates, kubeconfig, configuration and unit.
fcos_kubelet() {
  local server="$1" role="$2" labels taints args
  berth_ca "" "$PKI/ca.crt"
  berth_cert kubelet-client "/CN=system:node:$NODE_NAME/O=system:nodes" "" clientAuth
  berth_cert kubelet "/CN=system:node:$NODE_NAME/O=system:nodes" "" serverAuth \\
    "IP:$NODE_PRIVATE_ADDRESS,DNS:$NODE_NAME"
  mkdir -p "$K8S/manifests" /var/lib/kubelet
  kubeconfig "$K8S/kubelet.conf" "$server" kubelet-client
  cat >/var/lib/kubelet/config.yaml <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $PKI/ca.crt
authorization:
  mode: Webhook
cgroupDriver: $CGROUP_DRIVER
clusterDomain: cluster.local
clusterDNS:
  - $DNS_SERVICE_IP
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
staticPodPath: $K8S/manifests
tlsCertFile: $PKI/kubelet.crt
tlsPrivateKeyFile: $PKI/kubelet.key
EOF
  labels="magnum.openstack.org/role=$NODEGROUP_ROLE,magnum.openstack.org/nodegroup=$NODEGROUP_NAME"
  if [ -n "$NODE_LABELS" ]; then labels="$labels,$NODE_LABELS"; fi
  taints="$NODE_TAINTS"
  if [ "$role" = master ]; then
    taints="node-role.kubernetes.io/control-plane=:NoSchedule\${taints:+,$taints}"
  fi
  args=(--config=/var/lib/kubelet/config.yaml --kubeconfig="$K8S/kubelet.conf"
    --node-ip="$NODE_PRIVATE_ADDRESS" --hostname-override="$NODE_NAME"
    --cloud-provider=external --node-labels="$labels")
  if [ -n "$taints" ]; then args+=(--register-with-taints="$taints"); fi
  read -ra extra <<<"$KUBELET_OPTIONS"
  args+=("\${extra[@]}")
  cat >/etc/systemd/system/kubelet.service <<EOF
[Unit]
Description=Kubernetes kubelet
After=containerd.service
Requires=containerd.service

[Service]
ExecStart=/usr/local/bin/kubelet \${args[*]}
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
  systemctl daemon-reload
  systemctl enable kubelet.service
  systemctl restart kubelet.service
}

# fcos_kube_proxy <API server URL>: kube-proxy as a static pod with its own certificate.
fcos_kube_proxy() {
  local options
  berth_cert kube-proxy "/CN=system:kube-proxy" "" clientAuth
  kubeconfig "$K8S/kube-proxy.conf" "$1" kube-proxy
  read -ra opts <<<"$KUBEPROXY_OPTIONS"
  options=$(yaml_list "        " "\${opts[@]}")
  cat >"$K8S/manifests/kube-proxy.yaml" <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: kube-proxy
  annotations: {berth.openstack.org/ca-rotation: "$CA_ROTATION"}
  namespace: kube-system
  labels:
    k8s-app: kube-proxy
spec:
  hostNetwork: true
  priorityClassName: system-node-critical
  containers:
    - name: kube-proxy
      image: \${IMAGE_PREFIX}kube-proxy:$KUBE_TAG
      command:
        - kube-proxy
        - --kubeconfig=$K8S/kube-proxy.conf
        - --cluster-cidr=$PODS_NETWORK_CIDR
        - --hostname-override=$NODE_NAME
$options
      securityContext:
        privileged: true
      volumeMounts:
        - {name: kubeconfig, mountPath: $K8S/kube-proxy.conf, readOnly: true}
        - {name: modules, mountPath: /lib/modules, readOnly: true}
        - {name: xtables, mountPath: /run/xtables.lock}
  volumes:
    - {name: kubeconfig, hostPath: {path: $K8S/kube-proxy.conf, type: File}}
    - {name: modules, hostPath: {path: /lib/modules}}
    - {name: xtables, hostPath: {path: /run/xtables.lock, type: FileOrCreate}}
EOF
}

# The common start of every node.
fcos_prepare() {
  berth_proxy
  berth_tools
  fcos_selinux
  k8s_kernel
  berth_volume "$DOCKER_VOLUME_ID" /var/lib/containerd
  k8s_containerd
  k8s_binaries kubelet kubectl
}
`
