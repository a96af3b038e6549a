#!/usr/bin/env bash
# Installs gongkai as a systemd service: the binaries (gongkaid, gongkai), their man pages,
# the unit, the sysusers.d and tmpfiles.d files and an example configuration, then enables
# the service.
#
#   deploy/install.sh                      build (release, static Swift stdlib) and install
#   deploy/install.sh --start              … and start it now
#   deploy/install.sh --no-build --from .build/debug [--man DIR]
#                                          install binaries that are already built
#   DESTDIR=/tmp/pkg deploy/install.sh     stage into a root (also: --root DIR); users,
#                                          folders and systemctl are not touched then,
#                                          except an offline `systemctl --root enable`
#
# Options:
#   --prefix DIR    binaries go to DIR/bin (default /usr/local)
#   --bindir DIR    where the binaries go (default PREFIX/bin); the unit's ExecStart follows
#   --root DIR      staging root, like DESTDIR
#   --no-build      do not build; take the binaries from --from DIR
#   --from DIR      directory holding the built gongkaid and gongkai
#                   (default: the release build's bin path)
#   --man DIR       man pages made already (*.1 in DIR or one level below, as
#                   `swift package generate-manual --multi-page` leaves them in
#                   .build/plugins/GenerateManual/outputs); without it they are
#                   generated when building, and left out with --no-build
#   --mandir DIR    where man pages go (default PREFIX/share/man; pages in DIR/man1)
#   --no-man        install no man pages
#   --no-enable     install only
#   --start         enable and start (restart if running)
# Needs root for a live install. See docs/operations.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
prefix=/usr/local
bindir=""
root="${DESTDIR:-}"
build=1
from=""
man_from=""
mandir=""
man=1
enable=1
start=0

die() { echo "install.sh: $*" >&2; exit 1; }
while (($#)); do
    case "$1" in
        --prefix) prefix="${2:?}"; shift 2 ;;
        --bindir) bindir="${2:?}"; shift 2 ;;
        --root|--destdir) root="${2:?}"; shift 2 ;;
        --no-build) build=0; shift ;;
        --from) from="${2:?}"; shift 2 ;;
        --man) man_from="${2:?}"; shift 2 ;;
        --mandir) mandir="${2:?}"; shift 2 ;;
        --no-man) man=0; shift ;;
        --no-enable) enable=0; shift ;;
        --start) start=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (try --help)" ;;
    esac
done
bindir="${bindir:-$prefix/bin}"
[[ "$bindir" = /* ]] || die "--bindir must be absolute"
mandir="${mandir:-$prefix/share/man}"
[[ "$mandir" = /* ]] || die "--mandir must be absolute"
[ -z "$man_from" ] || [ -d "$man_from" ] || die "--man $man_from is not a directory"
root="${root%/}"
live=1
[ -n "$root" ] && live=0
if ((live)) && [ "$(id -u)" -ne 0 ]; then die "run as root (or stage with --root DIR)"; fi

# 1. Binaries, and man pages from their argument parsers.
if ((build)); then
    command -v swift >/dev/null || die "swift is not on PATH (or use --no-build --from DIR)"
    if ((man)) && [ -z "$man_from" ]; then
        # swift-argument-parser's plugin builds the package (release), runs each executable
        # with --experimental-dump-help and writes mdoc pages into the plugin's work folder.
        # Before the static build below, which relinks the binaries that are installed.
        echo "generating the man pages (swift package generate-manual)…"
        date_args=()
        day="$(git -C "$repo" log -1 --format=%cs 2>/dev/null || true)"
        [ -n "$day" ] && date_args=(--date "$day")     # the commit's date: the same pages every run
        man_from="$repo/.build/plugins/GenerateManual/outputs"
        rm -rf "$man_from"                              # no page of a subcommand that is gone
        (cd "$repo" && swift package generate-manual --multi-page "${date_args[@]}")
    fi
    echo "building a release binary with the Swift stdlib linked statically (a few minutes)…"
    (cd "$repo" && swift build -c release --static-swift-stdlib --product gongkaid \
        && swift build -c release --static-swift-stdlib --product gongkai)
    from="${from:-$(cd "$repo" && swift build -c release --static-swift-stdlib --show-bin-path)}"
fi
[ -n "$from" ] || die "--no-build needs --from DIR"
man_pages=()
if ((man)) && [ -n "$man_from" ]; then
    mapfile -t man_pages < <(find "$man_from" -maxdepth 2 -type f -name '*.1' | sort)
    for page in gongkaid.1 gongkai.1; do
        found=0
        for p in "${man_pages[@]}"; do [ "${p##*/}" = "$page" ] && found=1; done
        ((found)) || die "no $page in $man_from"
    done
fi
for b in gongkaid gongkai; do
    [ -x "$from/$b" ] || die "$from/$b is missing or not executable"
done
install -d -m 0755 "$root$bindir"
for b in gongkaid gongkai; do
    install -m 0755 "$from/$b" "$root$bindir/$b.new"
    mv -f "$root$bindir/$b.new" "$root$bindir/$b"     # atomic: a running daemon keeps its inode
done
if ((${#man_pages[@]})); then
    install -d -m 0755 "$root$mandir/man1"
    install -m 0644 "${man_pages[@]}" "$root$mandir/man1/"
    echo "installed ${#man_pages[@]} man pages in $mandir/man1 (man gongkaid, man gongkai, man gongkai.requeue, …)"
elif ((man)); then
    echo "no man pages (--no-build without --man DIR: make them with \`swift package generate-manual --multi-page\`)"
fi

# 2. Unit, users, folders, configuration.
unitdir=/etc/systemd/system
install -d -m 0755 "$root$unitdir" "$root/etc/sysusers.d" "$root/etc/tmpfiles.d" "$root/etc/gongkai"
sed "s#^ExecStart=/usr/local/bin/gongkaid#ExecStart=$bindir/gongkaid#" "$here/gongkaid.service" \
    > "$root$unitdir/gongkaid.service.new"
chmod 0644 "$root$unitdir/gongkaid.service.new"
mv -f "$root$unitdir/gongkaid.service.new" "$root$unitdir/gongkaid.service"
install -m 0644 "$here/gongkai.sysusers" "$root/etc/sysusers.d/gongkai.conf"
install -m 0644 "$here/gongkai.tmpfiles" "$root/etc/tmpfiles.d/gongkai.conf"
if [ ! -e "$root/etc/gongkai/gongkaid.json" ]; then
    install -m 0644 "$here/gongkaid.json" "$root/etc/gongkai/gongkaid.json"
    echo "installed the example configuration /etc/gongkai/gongkaid.json"
else
    echo "kept the existing /etc/gongkai/gongkaid.json"
fi

if ((!live)); then
    if ((enable)) && command -v systemctl >/dev/null; then
        systemctl --root="$root" enable gongkaid.service
    fi
    echo "staged into $root (binaries in $bindir)"
    exit 0
fi

((${#man_pages[@]} == 0)) || ! command -v mandb >/dev/null || mandb -q "$mandir" || true
systemd-sysusers /etc/sysusers.d/gongkai.conf
systemd-tmpfiles --create /etc/tmpfiles.d/gongkai.conf
chgrp gongkai /etc/gongkai/gongkaid.json && chmod 0640 /etc/gongkai/gongkaid.json
running=0
[ -d /run/systemd/system ] && running=1
if ((running)); then
    systemctl daemon-reload
    if ((start)); then
        systemctl enable gongkaid.service
        systemctl restart gongkaid.service
        systemctl --no-pager status gongkaid.service | head -n 5 || true
    elif ((enable)); then
        systemctl enable gongkaid.service
    fi
elif ((enable)); then
    systemctl enable gongkaid.service || true
fi
echo "installed: $bindir/gongkaid, $bindir/gongkai, $unitdir/gongkaid.service; data root /srv/gongkai, database /var/lib/gongkai/gongkai.sqlite"
((${#man_pages[@]} == 0)) || echo "manual: man gongkaid, man gongkai ($mandir/man1)"
((start)) || echo "start it with: systemctl start gongkaid"
