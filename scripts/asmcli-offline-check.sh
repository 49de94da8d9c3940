#!/usr/bin/env bash
# Runs lib/mesh/asm-install.sh against the REAL asmcli of a release, offline, before a version bump:
#   scripts/asmcli-offline-check.sh GIT_DIR [REF] [ASMCLI_VERSION]
# GIT_DIR is a clone (bare is fine) of GoogleCloudPlatform/anthos-service-mesh-packages; REF is
# the tag whose asmcli/asmcli to run (default: the newest tag of the line); ASMCLI_VERSION is
# what the app's config would say (default: the line of REF, for example 1.28).
#
# What is real: asmcli itself, its argument rules and validation, the asm kpt package it
# reads options from (taken from GIT_DIR at REF), and a digest file written the way Google's
# publisher writes it. What is stubbed, in a temporary PATH: gcloud and kubectl answering a
# healthy, registered private cluster; curl serving the files asmcli and our installer fetch;
# kpt 0.39 and istioctl, which asmcli downloads and which this check cannot fetch offline.
# Nothing is left behind; nothing of asmcli is copied into this repository.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
git_dir="${1:?usage: asmcli-offline-check.sh GIT_DIR [REF] [ASMCLI_VERSION]}"
ref="${2:-$(git --git-dir="$git_dir" tag --list '*-asm.*+config*' --sort=-v:refname | head -n 1)}"
line="$(sed -E 's/^([0-9]+\.[0-9]+).*/\1/' <<<"$ref")"
version="${3:-$line}"
release="$(sed -E 's/\+config[0-9]+$//' <<<"$ref")"

box="$(mktemp -d)"
trap 'rm -rf "$box"' EXIT
mkdir -p "$box/bin" "$box/serve" "$box/pkg" "$box/logs"

# The download, and its .sha256 as write_and_upload (scripts/release-asm/common.sh) writes it:
# one line for `asmcli`, one for the published copy.
published="asmcli_${version//+/-}"
git --git-dir="$git_dir" show "${ref}:asmcli/asmcli" >"$box/serve/asmcli"
(cd "$box/serve" && sha256sum asmcli >asmcli.sha256 && cp asmcli "$published" && sha256sum "$published" >>asmcli.sha256 && mv asmcli.sha256 "$published.sha256")
git --git-dir="$git_dir" archive "$ref" asm samples | tar -x -C "$box/pkg"

stub() { printf '#!/usr/bin/env bash\nLOG="%s"\n%s\n' "$box/logs/calls" "$2" >"$1"; chmod +x "$1"; }

stub "$box/bin/gcloud" 'echo "gcloud $*" >>"$LOG"
case "$*" in
  "config get-value auth/impersonate_service_account"*) ;;
  "config get-value core/account"* | "auth list"*) echo deployer@example.com ;;
  "projects get-iam-policy"*) printf "roles/container.admin\nroles/meshconfig.admin\n" ;;
  "projects describe"*) echo 123456789 ;;
  "container clusters get-credentials"*)
    set -- $*; name="$4"; loc=""; proj=""
    while [[ $# -gt 0 ]]; do case "$1" in --location) loc="$2"; shift 2;; --project) proj="$2"; shift 2;; *) shift;; esac; done
    ctx="gke_${proj}_${loc}_${name}"
    printf "apiVersion: v1\nkind: Config\ncurrent-context: %s\ncontexts:\n- name: %s\n  context: {cluster: %s, user: %s}\nclusters:\n- name: %s\n  cluster: {server: \"https://10.0.0.2\"}\nusers:\n- name: %s\n" "$ctx" "$ctx" "$ctx" "$ctx" "$ctx" "$ctx" >"$KUBECONFIG" ;;
  "container clusters list"*) echo "${CHECK_CLUSTER}" ;;
  "container clusters describe"*"value(resourceLabels)"*) echo "mesh_id=proj-123456789" ;;
  "container clusters describe"*"value(selfLink, network)"*) printf "https://container.googleapis.com/v1/projects/mesh-project/locations/us-central1/clusters/alpha\tasm-mesh\n" ;;
  "container clusters describe"*)
    echo "{\"workloadIdentityConfig\":{\"workloadPool\":\"x.svc.id.goog\"},\"loggingService\":\"logging.googleapis.com/kubernetes\",\"monitoringService\":\"monitoring.googleapis.com/kubernetes\",\"resourceLabels\":{\"mesh_id\":\"proj-123456789\"},\"releaseChannel\":{\"channel\":\"REGULAR\"},\"currentMasterVersion\":\"1.33.5-gke.100\"}" ;;
  "container node-pools list"*) echo "[{\"config\":{\"machineType\":\"e2-standard-4\"},\"autoscaling\":{\"enabled\":true,\"maxNodeCount\":3},\"locations\":[\"a\",\"b\",\"c\"]}]" ;;
  "container fleet mesh describe"*) echo "{\"resourceState\":{\"state\":\"ACTIVE\"},\"membershipStates\":{\"projects/123456789/locations/us-central1/memberships/alpha\":{\"state\":{\"code\":\"OK\"}}}}" ;;
  "container hub memberships list"* | "container fleet memberships list"*)
    echo "[{\"name\":\"projects/mesh-project/locations/us-central1/memberships/alpha\",\"endpoint\":{\"gkeCluster\":{\"resourceLink\":\"//container.googleapis.com/projects/mesh-project/locations/us-central1/clusters/alpha\"}}}]" ;;
  "container hub memberships describe"*) echo "{}" ;;
  "services list"*) printf "mesh.googleapis.com\nmeshconfig.googleapis.com\ncontainer.googleapis.com\ngkehub.googleapis.com\nmonitoring.googleapis.com\nlogging.googleapis.com\ncloudtrace.googleapis.com\nmeshca.googleapis.com\niamcredentials.googleapis.com\ngkeconnect.googleapis.com\ncloudresourcemanager.googleapis.com\nstackdriver.googleapis.com\n" ;;
  "auth print-access-token"*) echo token ;;
  "version"*) echo "Google Cloud SDK 528.0.0" ;;
esac'

stub "$box/bin/kubectl" 'echo "kubectl $*" >>"$LOG"
args=" $* "
kcf="${KUBECONFIG:-}"; [[ "$args" =~ \ --kubeconfig[=\ ]([^ ]+) ]] && kcf="${BASH_REMATCH[1]}"
ctx="$(sed -n "s/^current-context: //p" "$kcf" 2>/dev/null)"
idp=https://container.googleapis.com/v1/projects/mesh-project/locations/us-central1/clusters/alpha
case "$args" in
  *" config current-context "*) echo "$ctx" ;;
  *" config get-contexts "*) echo "*         $ctx   $ctx   $ctx" ;;
  *" config view "*) echo "{\"clusters\":[{\"cluster\":{\"server\":\"https://10.0.0.2\"}}]}" ;;
  *" version "*) echo "{\"serverVersion\":{\"major\":\"1\",\"minor\":\"33\"}}" ;;
  *" get crd memberships.hub.gke.io"*) echo memberships.hub.gke.io ;;
  *" get memberships.hub.gke.io membership -o=jsonpath"*) echo "$idp" ;;
  *" get memberships.hub.gke.io membership -o"*) echo "{\"spec\":{\"owner\":{\"id\":\"//gkehub.googleapis.com/projects/mesh-project/locations/us-central1/memberships/alpha\"},\"identity_provider\":\"$idp\"}}" ;;
  *" get memberships.hub.gke.io"*) echo membership ;;
  *" get ns istio-system -o json"*) echo "{\"metadata\":{\"name\":\"istio-system\",\"labels\":{}}}" ;;
  *" get ns istio-system"* | *" get namespace istio-system"*) echo "istio-system Active" ;;
  *" get "*) ;;
esac
exit 0'
stub "$box/bin/nc" 'echo "nc $*" >>"$LOG"'

# What asmcli downloads: kpt 0.39 and the ASM istio tarball, as stubs.
mkdir -p "$box/kpt" "$box/istio/istio-${release}/bin"
stub "$box/kpt/kpt" "echo \"kpt \$*\" >>\"\$LOG\"
case \"\$1 \${2:-}\" in
  'version '*) echo 0.39.3 ;;
  'pkg get') url=\"\${@: -2:1}\" dir=\"\${@: -1}\"; mkdir -p \"\$dir\"
    case \"\$url\" in *samples@*) cp -R '$box/pkg/samples/.' \"\$dir\";; *) cp -R '$box/pkg/asm/.' \"\$dir\";; esac ;;
esac"
stub "$box/istio/istio-${release}/bin/istioctl" 'echo "istioctl $*" >>"$LOG"
[[ "${1:-}" == version ]] && echo "client version: stub"
exit 0'
tar -czf "$box/serve/kpt.tar.gz" -C "$box/kpt" kpt
tar -czf "$box/serve/istio.tar.gz" -C "$box/istio" "istio-${release}"

stub "$box/bin/curl" "echo \"curl \$*\" >>\"\$LOG\"
out=''; url=''
while [[ \$# -gt 0 ]]; do case \"\$1\" in -o) out=\"\$2\"; shift 2;; --data|--header|-K|--request) shift 2;; -*) shift;; *) url=\"\$1\"; shift;; esac; done
case \"\$url\" in
  https://storage.googleapis.com/csm-artifacts/asm/*) src='$box/serve/'\"\${url##*/}\" ;;
  https://github.com/GoogleContainerTools/kpt/releases/*) src='$box/serve/kpt.tar.gz' ;;
  https://storage.googleapis.com/gke-release/asm/istio-*) src='$box/serve/istio.tar.gz' ;;
  https://meshconfig.googleapis.com/*) src=/dev/null ;;
  *) echo \"curl: (6) offline check: no stub for \$url\" >&2; exit 6 ;;
esac
[[ -f \"\$src\" || \"\$src\" == /dev/null ]] || { echo 'curl: (22) The requested URL returned error: 404' >&2; exit 22; }
if [[ -n \"\$out\" ]]; then cat \"\$src\" >\"\$out\"; else cat \"\$src\"; fi"
stub "$box/bin/gke-gcloud-auth-plugin" ''

echo "asmcli-offline-check: asmcli ${ref} as ${published}; digest file:" >&2
sed 's/^/  /' "$box/serve/$published.sha256" >&2
overlays=()
for overlay in egress-registry-only multicluster-identity access-logging; do overlays+=("$here/overlays/${overlay}.yaml"); done
status=0
env -i PATH="$box/bin:$PATH" HOME="$box" LOG_DIR="$box/logs" CHECK_CLUSTER=alpha \
  PROJECT_ID=exported-by-the-user CLUSTER_NAME=exported-too \
  ASM_PROJECT=mesh-project ASM_CLUSTER=alpha ASM_LOCATION=us-central1 ASM_REVISION="asm-${line//./}" \
  ASM_PRIVATE_ENDPOINT=true ASM_FLEET_PROJECT=mesh-project ASM_MESH_ID=proj-123456789 ASM_NETWORK=asm-mesh \
  ASM_ASMCLI_VERSION="$version" ASM_OPTIONS="cni-gcp multiproject" \
  ASM_TRUST_DOMAIN_ALIASES="mesh-project.svc.id.goog apps.svc.id.goog" \
  bash "$here/lib/asm-install.sh" install "${overlays[@]}" || status=$?

echo "asmcli-offline-check: what asmcli ran against the stubs:" >&2
grep -E '^(istioctl .*install|kpt pkg get|gcloud container fleet mesh enable|kubectl .*rollout status)' "$box/logs/calls" | sed 's/^/  /' >&2 || true
# Every variable asmcli reads from its environment must be one asm-install.sh keeps from it.
read_by_asmcli="$(grep -oE '\$\{[A-Z_][A-Z0-9_]*:[-=]' "$box/serve/asmcli" | sed -E 's/^\$\{//; s/:.$//' | sort -u | grep -v -e '^BASH_VERSINFO$' -e '^_CI_')"
unscrubbed="$(comm -23 <(echo "$read_by_asmcli") <(sed -n '/^ASMCLI_ENV_INPUTS=(/,/^)/p' "$here/lib/asm-install.sh" | tr -s ' ()' '\n' | grep -E '^[A-Z_]+$' | sort -u))"
if [[ -n "$unscrubbed" ]]; then
  echo "asmcli-offline-check: asmcli reads variables asm-install.sh does not keep from it: $(tr '\n' ' ' <<<"$unscrubbed")" >&2
  status=1
fi
echo "asmcli-offline-check: exit ${status}" >&2
exit "$status"
