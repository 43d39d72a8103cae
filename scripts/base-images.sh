#!/usr/bin/env bash
# Makes the base images that examples and tests use, under the names users pull, since no
# registry is reachable here: busybox:1.36 (busybox-static in a scratch image) and
# debian:bookworm-slim (debootstrap minbase). Skips an image that already exists.
set -euo pipefail
need() { dpkg -s "$1" >/dev/null 2>&1 || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null; }; }

if ! docker image inspect busybox:1.36 >/dev/null 2>&1; then
  need busybox-static
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc" "$dir/www"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $("$dir/bin/busybox" --list); do
    [ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/etc/passwd"
  echo 'root:x:0:' > "$dir/etc/group"
  chmod 1777 "$dir/tmp"
  tar -C "$dir" -c . | docker import -c 'CMD ["sh"]' -c 'ENV PATH=/bin' - busybox:1.36 >/dev/null
  rm -rf "$dir"
  echo "made busybox:1.36"
fi

if [ "${SKIP_DEBIAN_IMAGE:-}" != 1 ] && ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  need debootstrap
  dir=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$dir" >/tmp/debootstrap.log 2>&1
  tar -C "$dir" -c . | docker import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  rm -rf "$dir"
  echo "made debian:bookworm-slim"
fi
