#!/bin/sh
# Installs briefgen from its GitHub releases: the archive for this platform, checked against its
# published SHA-256 checksum, into ~/.local/bin (or the folder given).
#
#   curl -fsSL https://github.com/briefgen/briefgen/releases/latest/download/install.sh | sh
#   sh install.sh [--version X.Y.Z|latest] [--to DIR]
#   sh install.sh --resolve [--version latest]     print the version that would be installed
#
# Environment (the options win): BRIEFGEN_VERSION, BRIEFGEN_INSTALL_DIR; BRIEFGEN_REPOSITORY
# (OWNER/REPO, default briefgen/briefgen); BRIEFGEN_RELEASES_URL, a mirror of the releases
# (default https://github.com/OWNER/REPO/releases) laid out as GitHub's: download/vX.Y.Z/FILE,
# and latest, which redirects to tag/vX.Y.Z.
# Platforms: Linux x86_64 and aarch64 (static musl binaries), macOS x86_64 and arm64; on
# Windows, use install.ps1.
set -eu

repository=${BRIEFGEN_REPOSITORY:-briefgen/briefgen}
version=${BRIEFGEN_VERSION:-latest}
dir=${BRIEFGEN_INSTALL_DIR:-${HOME:-}/.local/bin}
resolve_only=

usage() {
    cat <<'USAGE'
usage: install.sh [--version X.Y.Z|latest] [--to DIR]   install briefgen (default: latest, ~/.local/bin)
       install.sh --resolve [--version latest]          print the version that would be installed
environment: BRIEFGEN_VERSION, BRIEFGEN_INSTALL_DIR, BRIEFGEN_REPOSITORY (OWNER/REPO),
             BRIEFGEN_RELEASES_URL (a mirror of https://github.com/OWNER/REPO/releases)
USAGE
}

fail() {
    printf 'install.sh: %s\n' "$1" >&2
    if [ -n "${2:-}" ]; then printf 'help: %s\n' "$2" >&2; fi
    exit 1
}

while [ $# -gt 0 ]; do
    case $1 in
        --version) [ $# -ge 2 ] || fail "--version needs a value" "e.g. --version 0.1.0, or --version latest"; version=$2; shift ;;
        --version=*) version=${1#*=} ;;
        --to) [ $# -ge 2 ] || fail "--to needs a folder"; dir=$2; shift ;;
        --to=*) dir=${1#*=} ;;
        --resolve) resolve_only=1 ;;
        -h | --help) usage; exit 0 ;;
        *) fail "unknown argument: $1" "see --help" ;;
    esac
    shift
done
releases=${BRIEFGEN_RELEASES_URL:-https://github.com/$repository/releases}
releases=${releases%/}

# The Rust target name of this platform's release archive.
detect_target() {
    os=$(uname -s)
    arch=$(uname -m)
    case $arch in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) arch= ;;
    esac
    case $os in
        Linux) os=unknown-linux-musl ;;
        Darwin) os=apple-darwin ;;
        MINGW* | MSYS* | CYGWIN* | Windows*)
            fail "this script installs on Linux and macOS" \
                "on Windows, run install.ps1 from the same release: irm $releases/latest/download/install.ps1 | iex" ;;
        *) os= ;;
    esac
    if [ -z "$arch" ] || [ -z "$os" ]; then
        fail "no briefgen release for this platform ($(uname -s) $(uname -m))" \
            "releases exist for Linux x86_64 and aarch64, macOS x86_64 and arm64, and Windows x86_64; elsewhere, build it with Rust: cargo install --locked --git https://github.com/$repository briefgen"
    fi
    echo "$arch-$os"
}

# fetch URL FILE: downloads URL into FILE, following redirects.
fetch() {
    if command -v curl >/dev/null 2>&1; then
        curl --fail --silent --show-error --location --retry 2 --output "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget --quiet --tries=3 --output-document="$2" "$1"
    else
        fail "neither curl nor wget is installed" "install one of them, then run this script again"
    fi
}

# The address `latest` redirects to (…/tag/vX.Y.Z).
latest_url() {
    if command -v curl >/dev/null 2>&1; then
        curl --fail --silent --show-error --location --retry 2 --head --output /dev/null --write-out '%{url_effective}' "$1"
    else
        wget --max-redirect=0 --server-response --spider "$1" 2>&1 | sed -n 's/^ *[Ll]ocation: *//p' | tail -n 1 | tr -d '\r'
    fi
}

# The SHA-256 digest of a file.
sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    else
        fail "cannot verify the download: neither sha256sum nor shasum is installed" \
            "install coreutils (sha256sum) or perl (shasum), then run this script again"
    fi
}

target=$(detect_target)
version=${version#v}
if [ "$version" = latest ]; then
    url=$(latest_url "$releases/latest") || url=
    case $url in
        */tag/v*) version=${url##*/tag/v} ;;
        *) fail "cannot find the latest release at $releases/latest" \
            "check the network, or name a version: --version X.Y.Z (see $releases)" ;;
    esac
fi
case $version in
    '' | *[!0-9A-Za-z.+-]*) fail "not a version: '$version'" "give one such as 0.1.0 (see $releases)" ;;
esac
if [ -n "$resolve_only" ]; then
    echo "$version"
    exit 0
fi

asset=briefgen-$target.tar.gz
from=$releases/download/v$version
tmp=$(mktemp -d 2>/dev/null || mktemp -d -t briefgen)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

echo "installing briefgen $version for $target from $from" >&2
fetch "$from/$asset" "$tmp/$asset" ||
    fail "cannot download $from/$asset" "check that release v$version exists at $releases and has an archive for $target"
fetch "$from/$asset.sha256" "$tmp/$asset.sha256" ||
    fail "cannot download the checksum $from/$asset.sha256" "check the network and try again; nothing was installed"
expected=$(cut -d ' ' -f 1 <"$tmp/$asset.sha256")
actual=$(sha256 "$tmp/$asset")
if [ "$expected" != "$actual" ]; then
    fail "checksum mismatch for $asset: expected $expected, got $actual; nothing was installed" \
        "the download is damaged or not the published one; try again, and if it persists, report it at https://github.com/$repository/issues"
fi

tar -xzf "$tmp/$asset" -C "$tmp" || fail "cannot unpack $asset" "the archive is damaged; try again"
binary=$tmp/briefgen-$target/briefgen
[ -f "$binary" ] || fail "$asset holds no briefgen-$target/briefgen" "report it at https://github.com/$repository/issues"
mkdir -p "$dir" || fail "cannot create $dir" "choose another folder with --to DIR"
# Copied beside the old one and renamed over it, so that a running briefgen is never half-written.
if ! { cp "$binary" "$dir/.briefgen.new.$$" && chmod 755 "$dir/.briefgen.new.$$" && mv -f "$dir/.briefgen.new.$$" "$dir/briefgen"; }; then
    rm -f "$dir/.briefgen.new.$$"
    fail "cannot write $dir/briefgen" "choose a folder you can write to with --to DIR"
fi
installed=$("$dir/briefgen" --version) || fail "the installed $dir/briefgen does not run" "report it at https://github.com/$repository/issues"
echo "installed $installed into $dir" >&2
case :${PATH:-}: in
    *:"$dir":*) ;;
    *) echo "note: $dir is not on your PATH; add it, e.g. in ~/.profile: export PATH=\"$dir:\$PATH\"" >&2 ;;
esac
