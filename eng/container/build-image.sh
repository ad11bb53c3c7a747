#!/usr/bin/env bash
# Builds the container image freetickets-bench:<version> from Debian's own packages and this checkout's tool, and
# smoke-tests it (docs/cluster.md#the-container-image; .ci/run calls it). Run it with --help. Needs root.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: eng/container/build-image.sh [options]          (as root)

  1. publishes src/FreeTickets.Cli self-contained for linux-x64 (dotnet publish -r linux-x64 --self-contained: no
     .NET runtime needed in the image), its built-in plugins under plugins/ as in the installed tool, and checks that
     `list` of the published folder says "self-test ok" and "no load errors";
  2. makes a Debian 12 (bookworm) root file system with debootstrap --variant=minbase from the mirror of this
     machine's apt sources, plus ca-certificates and libssl3 (HTTPS downloads of datasets); the tool goes to
     /opt/freetickets-bench, with /usr/local/bin/dotnet-freetickets-bench pointing at it;
  3. imports it with podman as freetickets-bench:<version of Directory.Build.props>: entrypoint
     dotnet-freetickets-bench, working directory /work, FREETICKETS_DATA=/data;
  4. smoke-tests the image: `list`, then `run --matrix smoke --threads 1` (every row of runs.csv status ok), `check`
     against the committed results/smoke (made with one thread) and `report`, with a scratch folder at /work and the
     data root read-only at /data. It runs the image with `podman run` when this machine lets containers start (it
     tries runtimes and --ulimit settings, for sandboxes that forbid raising rlimits); otherwise it runs the same
     commands in the image's own file system (podman mount of a container of the image, chroot, /proc mounted).
Installs podman, debootstrap and runc with apt-get when they are missing.

Options:
  --save DIR        also write the image as an OCI archive, DIR/freetickets-bench-<version>.oci.tar (podman save)
  --data-root DIR   the data root mounted at /data for the smoke test (default: $FREETICKETS_DATA, else
                    ~/.cache/freetickets-bench/data)
  --tool PATH       an installed dotnet-freetickets-bench whose plugins/ folder the published one must equal
  --mirror URL      the Debian mirror (default: the one this machine's apt sources use for bookworm main)
  --chroot          smoke-test in the image's file system even if podman run works
  --no-test         build only
  --keep DIR        keep the work folder (the publish output, the root file system) in DIR instead of a temporary one
  -h, --help        this text

Exit codes: 0 the image is built and passed its smoke test; 1 the smoke test failed; 2 bad usage; 3 a build step failed.
EOF
}

die_usage() { echo "build-image: error: $*" >&2; exit 2; }
die_step() { echo "build-image: error: $*" >&2; exit 3; }
die_test() { echo "build-image: smoke test FAILED: $*" >&2; exit 1; }
log() { echo "==> $*"; }
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

save=""
data_root=${FREETICKETS_DATA:-$HOME/.cache/freetickets-bench/data}
tool=""
mirror=""
force_chroot=0
test=1
keep=""
need_value() { [ $# -ge 2 ] && [ -n "$2" ] || die_usage "$1 needs a value"; }
while [ $# -gt 0 ]; do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --save) need_value "$@"; save=$(absolute "$2"); shift 2 ;;
        --data-root) need_value "$@"; data_root=$(absolute "$2"); shift 2 ;;
        --tool) need_value "$@"; tool=$(absolute "$2"); shift 2 ;;
        --mirror) need_value "$@"; mirror=$2; shift 2 ;;
        --chroot) force_chroot=1; shift ;;
        --no-test) test=0; shift ;;
        --keep) need_value "$@"; keep=$(absolute "$2"); shift 2 ;;
        *) die_usage "unknown argument $1 (--help lists the options)" ;;
    esac
done
[ "$(id -u)" -eq 0 ] || die_usage "run as root (debootstrap, podman image storage, chroot)"
[ -z "$tool" ] || [ -x "$tool" ] || die_usage "--tool: $tool is not an executable file"

cd "$(dirname "$0")/../.."
repo=$PWD
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
[ -n "$version" ] || die_step "no <Version> in Directory.Build.props"
image=freetickets-bench:$version
start=$SECONDS
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ -n "$keep" ]; then
    work=$keep
    rm -rf "$work" && mkdir -p "$work"
else
    work=$(mktemp -d /tmp/freetickets-image.XXXXXX)
fi
container=""
cleanup() {
    local rc=$?
    set +e
    if [ -n "$container" ]; then
        podman umount "$container" >/dev/null 2>&1
        podman rm -f "$container" >/dev/null 2>&1
    fi
    [ -n "$keep" ] || rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Debian's tools ---
missing=()
command -v podman >/dev/null || missing+=(podman)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v runc >/dev/null || missing+=(runc)
if [ ${#missing[@]} -gt 0 ]; then
    log "install ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    # Without recommends: runc's (criu, ...) are not needed here.
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } \
        || die_step "apt-get install ${missing[*]} failed"
fi

# --- 1. the tool, self-contained ---
publish=$work/publish
log "publish: dotnet publish src/FreeTickets.Cli -c Release -r linux-x64 --self-contained"
dotnet publish src/FreeTickets.Cli -c Release -r linux-x64 --self-contained -o "$publish" --disable-build-servers -nologo -v quiet \
    || die_step "dotnet publish failed"
[ -x "$publish/freetickets-bench" ] && [ -d "$publish/plugins" ] || die_step "$publish lacks freetickets-bench or plugins/"
# The plugins as the project carries them into the package (artifacts/plugins/Release, less the *.xml docs), and as
# an installed tool has them.
same_tree() { diff -r -q "$1" "$2" >/dev/null && [ "$(cd "$1" && find . | sort)" = "$(cd "$2" && find . | sort)" ]; }
built=$work/built-plugins
mkdir -p "$built"
(cd artifacts/plugins/Release && find . -type f ! -name '*.xml' -exec cp --parents {} "$built/" \;)
same_tree "$built" "$publish/plugins" || die_step "$publish/plugins differs from artifacts/plugins/Release (less *.xml)"
if [ -n "$tool" ]; then
    installed=$(dirname "$(readlink -f "$tool")")/plugins
    same_tree "$installed" "$publish/plugins" || die_step "$publish/plugins differs from the installed tool's $installed"
    echo "plugins: the same files as $installed"
fi
echo "plugins: $(find "$publish/plugins" -name 'FreeTickets.Plugins.*.dll' -path '*/FreeTickets.Plugins.*/*' | wc -l) plugin assemblies in $publish/plugins"
(cd "$work" && "$publish/freetickets-bench" list >"$work/list.txt" 2>&1) || { cat "$work/list.txt"; die_step "list of the published tool failed"; }
grep -E 'self-test|load error' "$work/list.txt"
grep -q 'self-test ok' "$work/list.txt" && grep -q 'no load errors' "$work/list.txt" \
    || { cat "$work/list.txt"; die_step "the published tool's list does not say 'self-test ok' and 'no load errors'"; }

# --- 2. the root file system ---
if [ -z "$mirror" ]; then
    mirror=$(python3 - <<'PY'
# The first "deb" source of this machine serving bookworm's main component (deb822 .sources or one-line .list).
import glob, re
def one_line(path):
    for line in open(path, encoding="utf-8", errors="replace"):
        words = re.sub(r"\[[^]]*\]", " ", line.split("#")[0]).split()
        if len(words) >= 4 and words[0] == "deb" and words[2] == "bookworm" and "main" in words[3:]:
            yield words[1]
def deb822(path):
    for stanza in re.split(r"\n\s*\n", open(path, encoding="utf-8", errors="replace").read()):
        fields = {}
        for line in stanza.split("\n"):
            m = re.match(r"([A-Za-z-]+):\s*(.*)", line)
            if m and not line.startswith("#"):
                fields[m.group(1).lower()] = m.group(2).split()
        if "deb" in fields.get("types", []) and "bookworm" in fields.get("suites", []) and "main" in fields.get("components", []) \
                and fields.get("enabled", ["yes"])[0] != "no":
            yield from fields.get("uris", [])
for path in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*")):
    try:
        uris = list(deb822(path) if path.endswith(".sources") else one_line(path))
    except OSError:
        continue
    if uris:
        print(uris[0])
        break
else:
    print("http://deb.debian.org/debian")
PY
)
fi
rootfs=$work/rootfs
packages=ca-certificates,libssl3
log "rootfs: debootstrap --variant=minbase --include=$packages bookworm from $mirror"
debootstrap_start=$SECONDS
debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log"; die_step "debootstrap failed (log above)"; }
echo "debootstrap: $((SECONDS - debootstrap_start)) s"
# What the runtime provides, or this machine's, stays out; apt's caches too.
rm -f "$rootfs/etc/hostname" "$rootfs/etc/resolv.conf"
rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
mkdir -p "$rootfs/opt/freetickets-bench" "$rootfs/usr/local/bin" "$rootfs/work" "$rootfs/data"
cp -a "$publish/." "$rootfs/opt/freetickets-bench/"
ln -s /opt/freetickets-bench/freetickets-bench "$rootfs/usr/local/bin/dotnet-freetickets-bench"

# --- 3. the image ---
old=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
log "image: podman import as $image"
tar --numeric-owner -C "$rootfs" -c . | podman import \
    --change 'ENTRYPOINT ["dotnet-freetickets-bench"]' \
    --change 'CMD ["--help"]' \
    --change 'WORKDIR /work' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV FREETICKETS_DATA=/data' \
    --change "LABEL org.opencontainers.image.title=freetickets-bench" \
    --change "LABEL org.opencontainers.image.version=$version" \
    --change "LABEL org.opencontainers.image.description=freetickets-bench $version, self-contained for linux-x64, on Debian 12 (bookworm) minbase" \
    --message "freetickets-bench $version (eng/container/build-image.sh)" \
    - "$image" >/dev/null || die_step "podman import failed"
new=$(podman image inspect --format '{{.Id}}' "$image")
# The image this tag named before, now untagged: removed (unless a container still uses it).
if [ -n "$old" ] && [ "$old" != "$new" ] && [ -z "$(podman image inspect --format '{{join .RepoTags ","}}' "$old" 2>/dev/null)" ]; then
    podman rmi "$old" >/dev/null 2>&1 || true
fi
podman images --filter "reference=$image"
if [ -n "$save" ]; then
    mkdir -p "$save"
    log "save: $save/freetickets-bench-$version.oci.tar (podman save --format oci-archive)"
    rm -f "$save/freetickets-bench-$version.oci.tar"
    podman save --format oci-archive -o "$save/freetickets-bench-$version.oci.tar" "$image" || die_step "podman save failed"
fi
built_in=$((SECONDS - start))
if [ "$test" -eq 0 ]; then
    echo "build-image: $image built in $built_in s (not tested)"
    exit 0
fi

# --- 4. the smoke test: a scratch folder at /work (the config and the committed leaderboard copied in), the data
# root read-only at /data ---
log "smoke test of $image"
scratch=$work/scratch
mkdir -p "$scratch/committed" "$data_root"
cp benchmarks.json "$scratch/"
cp results/smoke/leaderboard.csv "$scratch/committed/"
mode=""
run_opts=()
if [ "$force_chroot" -eq 0 ]; then
    # podman run as it comes, else with other runtimes and rlimits: sandboxes that forbid raising RLIMIT_NOFILE or
    # RLIMIT_NPROC above their hard limits make the runtime fail ("setrlimit RLIMIT_NOFILE: Operation not permitted"),
    # and crun refuses a hybrid cgroup layout whose v2 hierarchy has controllers.
    nofile=$(ulimit -Hn)
    nproc=$(ulimit -Hu)
    [ "$nofile" != unlimited ] || nofile=1048576
    [ "$nproc" != unlimited ] || nproc=1048576
    candidates=("" "--ulimit host")
    default_runtime=$(podman info --format '{{.Host.OCIRuntime.Name}}' 2>/dev/null || true)
    for runtime in "" runc crun; do
        [ -z "$runtime" ] || { [ "$runtime" != "$default_runtime" ] && command -v "$runtime" >/dev/null; } || continue
        r=${runtime:+--runtime $runtime }
        for p in "$nproc" 32768 4096; do
            candidates+=("$r--ulimit nofile=$nofile:$nofile --ulimit nproc=$p:$p")
        done
    done
    for c in "${candidates[@]}"; do
        read -ra opts <<<"$c"
        if out=$(podman run --rm --network none ${opts[@]+"${opts[@]}"} "$image" list 2>&1) && grep -q 'self-test ok' <<<"$out"; then
            mode=podman
            run_opts=(${opts[@]+"${opts[@]}"})
            echo "podman run works with options: '${c}'"
            break
        fi
        echo "podman run --rm --network none $c $image list: $(grep -m 1 -iE 'error' <<<"$out" || tail -n 1 <<<"$out")"
    done
fi
if [ -z "$mode" ]; then
    mode=chroot
    container=$(podman create "$image") || die_step "podman create $image failed"
    mnt=$(podman mount "$container") || die_step "podman mount $container failed"
    # The image's own settings, as a runtime would apply them.
    workdir=$(podman image inspect --format '{{.Config.WorkingDir}}' "$image")
    mapfile -t image_env < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | sed '/^$/d')
    mapfile -d '' -t entrypoint < <(podman image inspect --format '{{json .Config.Entrypoint}}' "$image" \
        | python3 -c 'import json, sys; sys.stdout.write("".join(a + "\0" for a in json.load(sys.stdin) or []))')
    [ ${#entrypoint[@]} -gt 0 ] || die_step "$image has no entrypoint"
    echo "no podman run here: testing the image's file system ($mnt, a container's) with chroot: entrypoint ${entrypoint[*]}, working directory $workdir, ${image_env[*]}"
fi

in_image() { # ARGS...: the image's entrypoint with ARGS, the scratch folder at /work, the data root read-only at /data
    if [ "$mode" = podman ]; then
        podman run --rm --network none ${run_opts[@]+"${run_opts[@]}"} -v "$scratch:/work" -v "$data_root:/data:ro" "$image" "$@"
        return
    fi
    # In a private mount namespace (every mount goes away with it): /proc, a small /dev, /tmp, then chroot with the
    # image's environment, working directory and entrypoint.
    unshare -m --propagation private bash -c '
        set -e
        mnt=$1 scratch=$2 data=$3 workdir=$4 nenv=$5
        shift 5
        env=("${@:1:$nenv}")
        shift "$nenv"
        mount -t proc proc "$mnt/proc"
        mount -t tmpfs -o mode=755,size=1m image-dev "$mnt/dev"
        for n in null zero full random urandom tty; do touch "$mnt/dev/$n"; mount --bind "/dev/$n" "$mnt/dev/$n"; done
        mkdir -p "$mnt/dev/shm" && mount -t tmpfs image-shm "$mnt/dev/shm"
        mount -t tmpfs image-tmp "$mnt/tmp"
        mount --bind "$scratch" "$mnt/work"
        mount -o bind,ro "$data" "$mnt/data"
        exec chroot "$mnt" /usr/bin/env -i HOME=/root "${env[@]}" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$workdir" "$@"
    ' bash "$mnt" "$scratch" "$data_root" "$workdir" "${#image_env[@]}" "${image_env[@]}" "${entrypoint[@]}" "$@"
}

log "[$mode] dotnet-freetickets-bench list"
in_image list >"$scratch/list.txt" 2>&1 || { cat "$scratch/list.txt"; die_test "list failed"; }
grep -E 'self-test|load error' "$scratch/list.txt"
grep -q 'self-test ok' "$scratch/list.txt" && grep -q 'no load errors' "$scratch/list.txt" \
    || { cat "$scratch/list.txt"; die_test "list does not say 'self-test ok' and 'no load errors'"; }
log "[$mode] dotnet-freetickets-bench run --matrix smoke --threads 1 --out /work/smoke --config /work/benchmarks.json"
in_image run --matrix smoke --threads 1 --device cpu --quiet --out /work/smoke --config /work/benchmarks.json \
    || die_test "run --matrix smoke failed (exit $?)"
python3 - "$scratch/smoke/runs.csv" <<'PY' || die_test "runs.csv: not every cell ok"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
bad = [(r["cell_id"], r["status"], r["status_detail"]) for r in rows if r["status"] != "ok"]
print(f"runs.csv: {len(rows)} rows, not ok: {bad}")
sys.exit(0 if rows and not bad else 1)
PY
log "[$mode] dotnet-freetickets-bench check --matrix smoke --fresh /work/smoke --against /work/committed (results/smoke)"
in_image check --matrix smoke --fresh /work/smoke --against /work/committed || die_test "check against results/smoke failed (exit $?)"
log "[$mode] dotnet-freetickets-bench report /work/smoke"
in_image report /work/smoke >/dev/null || die_test "report failed (exit $?)"
charts=$(find "$scratch/smoke/report" -name '*.png' | wc -l)
[ -f "$scratch/smoke/report.md" ] && [ "$charts" -ge 1 ] || die_test "report wrote no report.md or no chart"
echo "report: report.md and $charts charts"
echo "build-image: $image built in $built_in s and smoke-tested ($mode) in $((SECONDS - start - built_in)) s"
