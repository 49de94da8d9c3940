#!/usr/bin/env bash
# Installs (or, on destroy, removes) one in-cluster Anthos Service Mesh revision with asmcli.
# Terraform runs it from lib/asm-install.ts; every input is an environment variable.
#   asm-install.sh install OVERLAY...   download asmcli, verify it, render overlays, install
#   asm-install.sh uninstall            remove the revision's webhooks and control plane
set -euo pipefail

die() { echo "asm-install: $*" >&2; exit 1; }
for var in PROJECT_ID CLUSTER_NAME CLUSTER_LOCATION REVISION; do
  [[ -n "${!var:-}" ]] || die "$var is not set"
done
for tool in curl gcloud kubectl jq sha256sum sed awk; do
  command -v "$tool" >/dev/null || die "$tool is required on the deploying machine (see README: Prerequisites)"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export KUBECONFIG="$work/kubeconfig"
credentials() {
  local internal=()
  [[ "${PRIVATE_ENDPOINT:-false}" == "true" ]] && internal=(--internal-ip)
  gcloud container clusters get-credentials "$CLUSTER_NAME" --location "$CLUSTER_LOCATION" --project "$PROJECT_ID" "${internal[@]}"
}

case "${1:-}" in
  install)
    shift
    for var in FLEET_ID MESH_ID NETWORK_ID ASMCLI_VERSION; do
      [[ -n "${!var:-}" ]] || die "$var is not set"
    done
    url="https://storage.googleapis.com/csm-artifacts/asm/asmcli_${ASMCLI_VERSION}"
    curl -fsSL --retry 3 "$url" -o "$work/asmcli"
    # A pinned digest wins; otherwise the one Google publishes beside the script.
    expected="${ASMCLI_SHA256:-$(curl -fsSL --retry 3 "${url}.sha256" | awk '{print $1}')}"
    actual="$(sha256sum "$work/asmcli" | awk '{print $1}')"
    [[ -n "$expected" && "$actual" == "$expected" ]] || die "asmcli_${ASMCLI_VERSION} failed verification: sha256 $actual, expected ${expected:-nothing}"
    chmod +x "$work/asmcli"
    credentials

    args=(install
      --project_id "$PROJECT_ID" --cluster_name "$CLUSTER_NAME" --cluster_location "$CLUSTER_LOCATION"
      --fleet_id "$FLEET_ID" --network_id "$NETWORK_ID" --ca mesh_ca --revision_name "$REVISION"
      --kubeconfig "$KUBECONFIG" --output_dir "$work/out"
      --enable_cluster_roles --enable_cluster_labels --enable_namespace_creation --enable_gcp_components
      --verbose)
    for overlay in "$@"; do
      rendered="$work/overlay-$(basename "$overlay")"
      # Per-cluster values are filled here, never in copies of the overlay files.
      sed -e "s|\${MESH_ID}|${MESH_ID}|g" -e "s|\${CLUSTER_NAME}|${CLUSTER_NAME}|g" -e "s|\${NETWORK}|${NETWORK_ID}|g" "$overlay" >"$rendered"
      if grep -v '^[[:space:]]*#' "$rendered" | grep -q '\${[A-Z_]*}'; then
        die "$overlay has a placeholder this installer does not know"
      fi
      args+=(--custom_overlay "$rendered")
    done
    if [[ -n "${TRUST_DOMAIN_ALIASES:-}" ]]; then
      # Clusters of several projects: every project's Workload Identity pool is one mesh.
      aliases="$work/overlay-trust-domain-aliases.yaml"
      printf 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n    trustDomainAliases:\n' >"$aliases"
      for alias in $TRUST_DOMAIN_ALIASES; do printf '      - %s\n' "$alias" >>"$aliases"; done
      args+=(--custom_overlay "$aliases")
    fi
    for option in ${OPTIONS:-}; do args+=(--option "$option"); done
    "$work/asmcli" "${args[@]}"
    kubectl -n istio-system rollout status "deployment/istiod-${REVISION}" --timeout=300s
    ;;
  uninstall)
    # Best effort: the cluster may already be gone when the whole app is destroyed.
    credentials || { echo "asm-install: ${CLUSTER_NAME} is unreachable; nothing to remove" >&2; exit 0; }
    kubectl delete mutatingwebhookconfiguration,validatingwebhookconfiguration -l "istio.io/rev=${REVISION}" --ignore-not-found || true
    kubectl -n istio-system delete deployment,service,horizontalpodautoscaler,poddisruptionbudget,configmap -l "istio.io/rev=${REVISION}" --ignore-not-found || true
    ;;
  *)
    die "usage: asm-install.sh install OVERLAY... | uninstall"
    ;;
esac
