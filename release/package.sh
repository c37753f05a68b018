#!/bin/sh
# Packages a built briefgen as a release archive, as the release workflow publishes it and
# install.sh and install.ps1 expect it: OUT/briefgen-TARGET.tar.gz (.zip for Windows) holding
# the folder briefgen-TARGET/ with the binary, README.md and the licences, and beside it
# OUT/briefgen-TARGET.tar.gz.sha256 ("DIGEST  NAME", as sha256sum writes it).
#
#   release/package.sh TARGET BINARY OUT
set -eu
[ $# -eq 3 ] || { echo "usage: release/package.sh TARGET BINARY OUT" >&2; exit 2; }
target=$1
binary=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)
[ -f "$binary" ] || { echo "package.sh: no binary at $binary" >&2; exit 1; }

name=briefgen-$target
stage=$(mktemp -d 2>/dev/null || mktemp -d -t briefgen)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$root/README.md" "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/$name/"
case $target in
    *windows*) archive=$name.zip; (cd "$stage" && 7z a -tzip -bso0 -bsp0 "$out/$archive" "$name") ;;
    *) archive=$name.tar.gz; tar -C "$stage" -czf "$out/$archive" "$name" ;;
esac
cd "$out"
if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$archive" >"$archive.sha256"
else
    shasum -a 256 "$archive" >"$archive.sha256"
fi
echo "$out/$archive"
