/**
 * The Fedora CoreOS master: etcd as a service (members named by address, so a replaced master
 * takes its predecessor's place), the control plane as static pods, the service-account key
 * derived from a secret only masters receive, and the add-ons applied idempotently.
 */
export const FCOS_MASTER_PATH = '/usr/local/bin/berth-fcos-master.sh'

export const FCOS_MASTER_SH = `#!/bin/bash
# Fedora CoreOS Kubernetes master bootstrap.
# shellcheck source=berth-fcos-node.sh
. /usr/local/bin/berth-fcos-node.sh
# shellcheck source=berth-k8s-addons.sh
. /usr/local/bin/berth-k8s-addons.sh

ETCD_ENDPOINT=https://127.0.0.1:2379

etcd_name() {
  echo "etcd-$(echo "$1" | tr . -)"
}

etcdctl_as_client() {
  etcdctl --cacert "$PKI/etcd-ca.crt" --cert "$PKI/apiserver-etcd-client.crt" \\
    --key "$PKI/apiserver-etcd-client.key" "$@"
}

etcd_install() {
  local tmp url sum
  tmp=$(mktemp -d)
  url="https://github.com/etcd-io/etcd/releases/download/$ETCD_TAG"
  sum=$(curl -fsSL --retry 10 "$url/SHA256SUMS" |
    awk -v f="etcd-$ETCD_TAG-linux-$ARCH.tar.gz" '$2 == f {print $1}')
  download "$url/etcd-$ETCD_TAG-linux-$ARCH.tar.gz" "$tmp/etcd.tgz" "$sum"
  tar -C "$tmp" -xzf "$tmp/etcd.tgz" --strip-components=1
  install -m 755 "$tmp/etcd" "$tmp/etcdctl" /usr/local/bin/
  rm -rf "$tmp"
}

# A fresh data directory joins a cluster that is already healthy (this master replaces one):
# its old membership is removed and re-added. Otherwise all masters start the cluster together.
etcd_start() {
  local me peers="" state=new ip id
  me=$(etcd_name "$NODE_PRIVATE_ADDRESS")
  for ip in \${MASTER_ADDRESSES//,/ }; do
    peers="\${peers:+$peers,}$(etcd_name "$ip")=https://$ip:2380"
  done
  if [ ! -d /var/lib/etcd/member ]; then
    for ip in \${MASTER_ADDRESSES//,/ }; do
      if [ "$ip" = "$NODE_PRIVATE_ADDRESS" ]; then continue; fi
      if etcdctl_as_client --endpoints "https://$ip:2379" endpoint health >/dev/null 2>&1; then
        id=$(etcdctl_as_client --endpoints "https://$ip:2379" member list |
          awk -F', ' -v n="$me" '$3 == n {print $1}')
        if [ -n "$id" ]; then
          etcdctl_as_client --endpoints "https://$ip:2379" member remove "$id"
        fi
        etcdctl_as_client --endpoints "https://$ip:2379" member add "$me" \\
          --peer-urls "https://$NODE_PRIVATE_ADDRESS:2380"
        state=existing
        break
      fi
    done
  fi
  cat >/etc/systemd/system/etcd.service <<EOF
[Unit]
Description=etcd
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/usr/local/bin/etcd --name=$me --data-dir=/var/lib/etcd \\\\
  --listen-client-urls=https://0.0.0.0:2379 \\\\
  --advertise-client-urls=https://$NODE_PRIVATE_ADDRESS:2379 \\\\
  --listen-peer-urls=https://0.0.0.0:2380 \\\\
  --initial-advertise-peer-urls=https://$NODE_PRIVATE_ADDRESS:2380 \\\\
  --initial-cluster=$peers --initial-cluster-state=$state \\\\
  --initial-cluster-token=$CLUSTER_UUID \\\\
  --cert-file=$PKI/etcd.crt --key-file=$PKI/etcd.key \\\\
  --trusted-ca-file=$PKI/etcd-ca.crt --client-cert-auth \\\\
  --peer-cert-file=$PKI/etcd.crt --peer-key-file=$PKI/etcd.key \\\\
  --peer-trusted-ca-file=$PKI/etcd-ca.crt --peer-client-cert-auth
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
  systemctl daemon-reload
  systemctl enable etcd.service
  # A restart, not a start: a run after a CA rotation must load the new certificates.
  systemctl restart etcd.service
}

# The service-account signing key: a P-256 key whose scalar is derived from a secret every
# master receives from the stack, so all masters (and their replacements) sign alike.
service_account_key() {
  local conf
  if [ -s "$PKI/sa.key" ]; then return 0; fi
  conf=$(mktemp)
  cat >"$conf" <<EOF
asn1=SEQUENCE:key
[key]
version=INTEGER:1
private=FORMAT:HEX,OCTETSTRING:$(printf '%s' "$SA_KEY_SEED" | sha256sum | cut -c1-64)
parameters=EXPLICIT:0,OID:prime256v1
EOF
  openssl asn1parse -genconf "$conf" -noout -out "$PKI/sa.der"
  (umask 077 && openssl ec -inform DER -in "$PKI/sa.der" -out "$PKI/sa.key" 2>/dev/null)
  openssl ec -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  rm -f "$conf" "$PKI/sa.der"
}

master_pki() {
  local san
  berth_ca "" "$PKI/ca.crt"
  berth_ca etcd "$PKI/etcd-ca.crt"
  berth_ca front_proxy "$PKI/front-proxy-ca.crt"
  berth_cert etcd "/CN=$NODE_NAME" etcd serverAuth,clientAuth \\
    "IP:$NODE_PRIVATE_ADDRESS,IP:127.0.0.1,DNS:$NODE_NAME,DNS:localhost"
  berth_cert apiserver-etcd-client "/CN=kube-apiserver-etcd-client" etcd clientAuth
  san="DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  san="$san,DNS:kubernetes.default.svc.cluster.local,DNS:$NODE_NAME,IP:127.0.0.1"
  san="$san,IP:$API_SERVICE_IP,IP:$NODE_PRIVATE_ADDRESS,IP:$API_PRIVATE_ADDRESS"
  if [ -n "$API_PUBLIC_ADDRESS" ]; then san="$san,IP:$API_PUBLIC_ADDRESS"; fi
  if [ -n "$NODE_PUBLIC_ADDRESS" ]; then san="$san,IP:$NODE_PUBLIC_ADDRESS"; fi
  berth_cert apiserver "/CN=kube-apiserver" "" serverAuth "$san"
  berth_cert apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client/O=system:masters" "" clientAuth
  berth_cert front-proxy-client "/CN=front-proxy-client" front_proxy clientAuth
  berth_cert controller-manager "/CN=system:kube-controller-manager" "" clientAuth
  berth_cert scheduler "/CN=system:kube-scheduler" "" clientAuth
  berth_cert admin "/CN=admin/O=system:masters" "" clientAuth
  service_account_key
}

# static_pod <name> <options...>: a control-plane component as a static pod.
static_pod() {
  local name="$1" command
  shift
  command=$(yaml_list "        " "kube-$name" "$@")
  cat >"$K8S/manifests/kube-$name.yaml" <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: kube-$name
  annotations: {berth.openstack.org/ca-rotation: "$CA_ROTATION"}
  namespace: kube-system
  labels:
    component: kube-$name
spec:
  hostNetwork: true
  priorityClassName: system-node-critical
  containers:
    - name: kube-$name
      image: \${IMAGE_PREFIX}kube-$name:$KUBE_TAG
      command:
$command
      volumeMounts:
        - {name: pki, mountPath: $PKI, readOnly: true}
        - {name: k8s, mountPath: $K8S, readOnly: true}
  volumes:
    - {name: pki, hostPath: {path: $PKI, type: Directory}}
    - {name: k8s, hostPath: {path: $K8S, type: Directory}}
EOF
}

control_plane() {
  local local_api=https://127.0.0.1:6443
  mkdir -p "$K8S/manifests"
  kubeconfig "$K8S/controller-manager.conf" "$local_api" controller-manager
  kubeconfig "$K8S/scheduler.conf" "$local_api" scheduler
  kubeconfig "$K8S/admin.conf" "$local_api" admin
  read -ra api_opts <<<"$KUBEAPI_OPTIONS"
  read -ra cm_opts <<<"$KUBECONTROLLER_OPTIONS"
  read -ra sched_opts <<<"$KUBESCHEDULER_OPTIONS"
  static_pod apiserver --advertise-address="$NODE_PRIVATE_ADDRESS" --secure-port=6443 \\
    --allow-privileged=true --authorization-mode=Node,RBAC \\
    --enable-admission-plugins="$ADMISSION_CONTROL_LIST" \\
    --client-ca-file="$PKI/ca.crt" \\
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \\
    --etcd-servers="$ETCD_ENDPOINT" --etcd-cafile="$PKI/etcd-ca.crt" \\
    --etcd-certfile="$PKI/apiserver-etcd-client.crt" --etcd-keyfile="$PKI/apiserver-etcd-client.key" \\
    --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" \\
    --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \\
    --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname \\
    --proxy-client-cert-file="$PKI/front-proxy-client.crt" \\
    --proxy-client-key-file="$PKI/front-proxy-client.key" \\
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" \\
    --requestheader-allowed-names=front-proxy-client \\
    --requestheader-extra-headers-prefix=X-Remote-Extra- \\
    --requestheader-group-headers=X-Remote-Group \\
    --requestheader-username-headers=X-Remote-User \\
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \\
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \\
    --service-cluster-ip-range="$SERVICE_CLUSTER_IP_RANGE" "\${api_opts[@]}"
  static_pod controller-manager --kubeconfig="$K8S/controller-manager.conf" \\
    --authentication-kubeconfig="$K8S/controller-manager.conf" \\
    --authorization-kubeconfig="$K8S/controller-manager.conf" \\
    --bind-address=127.0.0.1 --leader-elect=true --cloud-provider=external \\
    --cluster-name="$CLUSTER_UUID" --allocate-node-cidrs=true \\
    --cluster-cidr="$PODS_NETWORK_CIDR" --service-cluster-ip-range="$SERVICE_CLUSTER_IP_RANGE" \\
    --root-ca-file="$PKI/ca.crt" --service-account-private-key-file="$PKI/sa.key" \\
    --use-service-account-credentials=true "\${cm_opts[@]}"
  static_pod scheduler --kubeconfig="$K8S/scheduler.conf" \\
    --authentication-kubeconfig="$K8S/scheduler.conf" \\
    --authorization-kubeconfig="$K8S/scheduler.conf" \\
    --bind-address=127.0.0.1 --leader-elect=true "\${sched_opts[@]}"
}

# Cluster DNS at the tenth service address, as the kubelets are told.
berth_coredns() {
  local manifest
  manifest=$(mktemp)
  cat >"$manifest" <<EOF
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects:
  - {kind: ServiceAccount, name: coredns, namespace: kube-system}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    .:53 {
        errors
        health
        ready
        kubernetes cluster.local in-addr.arpa ip6.arpa {
            pods insecure
            fallthrough in-addr.arpa ip6.arpa
        }
        prometheus :9153
        forward . /etc/resolv.conf
        cache 30
        loop
        reload
        loadbalance
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  replicas: 2
  selector:
    matchLabels: {k8s-app: kube-dns}
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      serviceAccountName: coredns
      priorityClassName: system-cluster-critical
      tolerations:
        - {key: CriticalAddonsOnly, operator: Exists}
        - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
      containers:
        - name: coredns
          image: \${IMAGE_PREFIX}coredns/coredns:v$COREDNS_TAG
          args: [-conf, /etc/coredns/Corefile]
          ports:
            - {containerPort: 53, name: dns, protocol: UDP}
            - {containerPort: 53, name: dns-tcp, protocol: TCP}
          readinessProbe:
            httpGet: {path: /ready, port: 8181}
          livenessProbe:
            httpGet: {path: /health, port: 8080}
          volumeMounts:
            - {name: config, mountPath: /etc/coredns, readOnly: true}
      volumes:
        - name: config
          configMap: {name: coredns}
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns}
spec:
  clusterIP: $DNS_SERVICE_IP
  selector: {k8s-app: kube-dns}
  ports:
    - {name: dns, port: 53, protocol: UDP}
    - {name: dns-tcp, port: 53, protocol: TCP}
EOF
  retry kubectl --kubeconfig "$1" apply -f "$manifest"
  rm -f "$manifest"
}

fcos_prepare
berth_volume "$ETCD_VOLUME_ID" /var/lib/etcd
etcd_install
master_pki
etcd_start
control_plane
fcos_kubelet https://127.0.0.1:6443 master
fcos_kube_proxy https://127.0.0.1:6443
retry curl -fsS --cacert "$PKI/ca.crt" https://127.0.0.1:6443/readyz >/dev/null
retry kubectl --kubeconfig "$K8S/admin.conf" label node "$NODE_NAME" --overwrite \\
  node-role.kubernetes.io/control-plane=
k8s_network "$K8S/admin.conf"
berth_coredns "$K8S/admin.conf"
k8s_cloud_provider "$K8S/admin.conf"
k8s_insecure_api "$K8S/admin.conf"
log "master $NODE_NAME is up"
`
