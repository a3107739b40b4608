#!/usr/bin/env bash
# Fetches Debian's stock amd64 kernel and builds a busybox initramfs for it, for `hvdsl run --kernel`.
# Usage: scripts/linux/fetch-guest.sh [OUT_DIR] [KERNEL_PACKAGE]
#   OUT_DIR defaults to artifacts/linux (ignored by git); KERNEL_PACKAGE defaults to the package the
#   linux-image-amd64 metapackage points at (e.g. linux-image-6.1.0-47-amd64).
# Writes OUT_DIR/bzImage, OUT_DIR/initramfs.cpio.gz and OUT_DIR/versions.txt. Needs apt-get
# (package downloads only; nothing is installed except cpio when it is missing).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$repo/artifacts/linux}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
chmod 755 "$work"  # apt-get download writes as the _apt user
trap 'rm -rf "$work"' EXIT

if ! command -v cpio >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq cpio) >/dev/null
fi
kernel="${2:-}"
if [ -z "$kernel" ]; then
  # The metapackage's dependency names the current kernel; fall back to the newest 6.1 image.
  kernel="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')"
  if [ -z "$kernel" ]; then
    kernel="$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | awk '{print $1}' | sort -V | tail -1)"
  fi
fi
[ -n "$kernel" ] || { echo "fetch-guest: no linux-image package found (run apt-get update?)" >&2; exit 1; }

cd "$work"
apt-get download -qq "$kernel" busybox-static >/dev/null
dpkg-deb -x "$kernel"_*.deb kernel
dpkg-deb -x busybox-static_*.deb busybox
cp kernel/boot/vmlinuz-* "$out/bzImage"

# The initramfs: busybox, its applet links made at boot, and an /init that gives a shell on the console.
root="$work/root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,etc,root}
cp busybox/bin/busybox "$root/bin/busybox"
cp "$repo/scripts/linux/init" "$root/init"
chmod 755 "$root/init" "$root/bin/busybox"
# A console node lets the kernel open stdin/stdout for /init before devtmpfs is mounted.
if [ "$(id -u)" = 0 ]; then mknod -m 600 "$root/dev/console" c 5 1; fi
(cd "$root" && find . -print0 | sort -z | cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9n > "$out/initramfs.cpio.gz"

{
  echo "kernel: $kernel $(dpkg-deb -f "$kernel"_*.deb Version)"
  echo "busybox-static: $(dpkg-deb -f busybox-static_*.deb Version)"
} > "$out/versions.txt"
cat "$out/versions.txt"
echo "wrote $out/bzImage and $out/initramfs.cpio.gz"
