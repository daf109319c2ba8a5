#!/bin/sh
# Prints the Debian packages that ship the shared libraries the given binaries load, one per
# line, so the runtime image installs exactly those (and follows the build when it changes).
# Run where the binaries were built (the image's build stage).
set -eu
for binary in "$@"; do
  ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'
done | sort -u | while read -r library; do
  # usrmerge: dpkg knows a library under /lib or /usr/lib, whichever its package ships.
  for candidate in "$library" "/usr${library#/usr}" "${library#/usr}"; do
    if package=$(dpkg -S "$candidate" 2>/dev/null); then
      echo "${package%%:*}"
      continue 2
    fi
  done
  echo "runtime-packages.sh: no package ships $library" >&2
  exit 1
done | sort -u
