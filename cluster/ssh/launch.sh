#!/usr/bin/env bash
# Runs a grid across machines over ssh: the coordinator here (the head node), one worker on each
# host named, all joining tcp://HEAD:PORT. Ctrl-C stops the coordinator and the workers; every
# committed score stays in the store, and the same command again resumes the grid.
#
#   cluster/ssh/launch.sh --head ADDRESS [--port 5555] [--preset quick | --grid SPEC]
#                         [--store transfergrid.db] [--jobs N] [--bin PATH] [--remote-bin PATH]
#                         [--keys DIR | --insecure] HOST... | --hosts-file FILE
#
#   --head        this machine's address as the workers see it (required)
#   --keys        the coordinator's key folder (default: keys; made when missing). Each host gets
#                 its own worker key pair, made here in DIR/workers/HOST, authorized, and copied
#                 with coordinator.pub to ~/.transfergrid/keys/HOST there (mode 0600)
#   --insecure    no CURVE: plaintext, anyone who reaches the port can join
#   --jobs        jobs at once per worker (default: each host's core count)
#   --bin         transfergrid here (default: .build/release/transfergrid)
#   --remote-bin  transfergrid on the hosts (default: the same path as --bin, made absolute)
#   SSH           the ssh command (default: ssh -o BatchMode=yes); each host gets one
#                 `$SSH HOST 'COMMAND'` call.
set -euo pipefail

keys=keys insecure="" head_address="" port=5555 grid_args=(--preset quick) store=transfergrid.db jobs="" bin=.build/release/transfergrid remote_bin=""
hosts=()
while [ $# -gt 0 ]; do
    case "$1" in
        --head) head_address=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --preset) grid_args=(--preset "$2"); shift 2 ;;
        --grid) grid_args=(--grid "$2"); shift 2 ;;
        --store) store=$2; shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        --remote-bin) remote_bin=$2; shift 2 ;;
        --keys) keys=$2; shift 2 ;;
        --insecure) insecure=1; shift ;;
        --hosts-file) mapfile -t -O "${#hosts[@]}" hosts < <(grep -v '^\s*\(#\|$\)' "$2"); shift 2 ;;
        -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "launch.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) hosts+=("$1"); shift ;;
    esac
done
[ -n "$head_address" ] || { echo "launch.sh: give --head ADDRESS, this machine's address as the workers see it" >&2; exit 2; }
[ ${#hosts[@]} -gt 0 ] || { echo "launch.sh: name at least one worker host (or --hosts-file FILE)" >&2; exit 2; }
[ -x "$bin" ] || { echo "launch.sh: no transfergrid at $bin; run 'make release' or pass --bin" >&2; exit 2; }
bin=$(realpath "$bin")
remote_bin=${remote_bin:-$bin}
ssh_command=${SSH:-ssh -o BatchMode=yes}
endpoint="tcp://$head_address:$port"

stop_workers() {
    for host in "${hosts[@]}"; do
        $ssh_command "$host" "pkill -TERM -f 'transfergrid worker --connect $endpoint' || true" </dev/null || true
    done
}

security=(--keys "$keys")
if [ -n "$insecure" ]; then
    security=(--insecure)
else
    [ -f "$keys/coordinator.key" ] || "$bin" keys init --dir "$keys" >/dev/null
    for host in "${hosts[@]}"; do
        folder="$keys/workers/$host"
        if [ ! -f "$folder/worker.key" ]; then
            "$bin" keys new-worker --dir "$folder" >/dev/null
            "$bin" keys authorize "$folder/worker.pub" --name "$host" --dir "$keys" >/dev/null
        fi
        cp "$keys/coordinator.pub" "$folder/"
    done
fi

"$bin" coordinator "${grid_args[@]}" --store "$store" --bind "tcp://*:$port" "${security[@]}" &
coordinator=$!
trap 'kill -TERM $coordinator 2>/dev/null; wait $coordinator; stop_workers; exit 130' INT TERM
sleep 1
kill -0 "$coordinator" 2>/dev/null || { wait "$coordinator"; exit $?; }
for host in "${hosts[@]}"; do
    jobs_flag=${jobs:+--jobs $jobs}
    jobs_flag=${jobs_flag:---jobs \$(nproc)}
    worker_keys=""
    if [ -z "$insecure" ]; then
        remote_keys="~/.transfergrid/keys/$host"
        for file in worker.key coordinator.pub; do
            $ssh_command "$host" "umask 077 && mkdir -p $remote_keys && cat > $remote_keys/$file" < "$keys/workers/$host/$file"
        done
        worker_keys="--keys $remote_keys"
    fi
    echo "launch.sh: worker on $host -> $endpoint (log: ~/transfergrid-worker.log there)"
    $ssh_command "$host" "nohup '$remote_bin' worker --connect $endpoint $jobs_flag $worker_keys > ~/transfergrid-worker.log 2>&1 < /dev/null &" </dev/null
done
wait "$coordinator"
status=$?
"$bin" status --store "$store" || true
exit $status
