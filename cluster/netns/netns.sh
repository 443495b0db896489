#!/usr/bin/env bash
# Several "hosts" on one machine: network namespaces joined by veth links on a bridge, for
# running (and testing) TransferGrid across real TCP links. Needs root and iproute2.
#
#   netns.sh up      [--prefix P] [--hosts N] [--subnet A.B.C]   make P-h0 .. P-h(N-1), A.B.C.1 .. A.B.C.N
#   netns.sh down    [--prefix P]                                 remove them (and the bridge)
#   netns.sh cut     [--prefix P] HOST                            take host HOST's link down (packets dropped)
#   netns.sh restore [--prefix P] HOST                            bring it back up
#   netns.sh loss    [--prefix P] HOST PERCENT                    drop PERCENT % of host HOST's packets, both ways (nftables)
#   netns.sh rate    [--prefix P] HOST RATE                       limit host HOST's sending to RATE (tc tbf, e.g. 2mbit)
#   netns.sh exec    [--prefix P] HOST COMMAND...                 run COMMAND inside host HOST
#   netns.sh demo    [--prefix P] [--hosts N] [--preset NAME] [--bin PATH]
#                    coordinator on host 0, one worker on each other host, over CURVE, the grid to the end
#
# Defaults: prefix tg, 4 hosts, subnet 10.77.0, preset smoke, bin .build/release/transfergrid.
set -euo pipefail

prefix=tg hosts=4 subnet=10.77.0 preset=smoke bin=.build/release/transfergrid
command=${1:-}; shift || true
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --hosts) hosts=$2; shift 2 ;;
        --subnet) subnet=$2; shift 2 ;;
        --preset) preset=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done

die() { echo "netns.sh: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "network namespaces need root (run with sudo)"
command -v ip >/dev/null || die "iproute2's ip is missing (apt-get install iproute2)"
[ ${#prefix} -le 8 ] || die "--prefix must be at most 8 characters (interface names are limited to 15)"

bridge="$prefix-br"
host() { echo "$prefix-h$1"; }
address() { echo "$subnet.$(( $1 + 1 ))"; }

up() {
    [ "$hosts" -ge 2 ] || die "--hosts must be at least 2"
    ip link show "$bridge" >/dev/null 2>&1 && die "$bridge exists already; run 'netns.sh down --prefix $prefix' first"
    ip link add "$bridge" type bridge
    ip link set "$bridge" up
    for i in $(seq 0 $(( hosts - 1 ))); do
        ip netns add "$(host "$i")"
        ip link add "$prefix-v$i" type veth peer name eth0 netns "$(host "$i")"
        ip link set "$prefix-v$i" master "$bridge" up
        ip -n "$(host "$i")" addr add "$(address "$i")/24" dev eth0
        ip -n "$(host "$i")" link set eth0 up
        ip -n "$(host "$i")" link set lo up
    done
    echo "hosts: $(for i in $(seq 0 $(( hosts - 1 ))); do printf '%s=%s ' "$(host "$i")" "$(address "$i")"; done)"
}

down() {
    for ns in $(ip netns list | awk '{print $1}' | grep "^$prefix-h[0-9]*$" || true); do ip netns del "$ns"; done
    for link in $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^$prefix-v[0-9]*$" || true); do ip link del "$link" 2>/dev/null || true; done
    ip link del "$bridge" 2>/dev/null || true
}

case "$command" in
    up) up ;;
    down) down ;;
    cut) [ ${#args[@]} -eq 1 ] || die "cut HOST"; ip link set "$prefix-v${args[0]}" down ;;
    restore) [ ${#args[@]} -eq 1 ] || die "restore HOST"; ip link set "$prefix-v${args[0]}" up ;;
    loss)
        [ ${#args[@]} -eq 2 ] || die "loss HOST PERCENT"
        command -v nft >/dev/null || die "nftables' nft is missing (apt-get install nftables)"
        ip netns exec "$(host "${args[0]}")" nft -f - <<RULES
table inet tgloss {
    chain in { type filter hook input priority 0; numgen random mod 100 < ${args[1]} drop; }
    chain out { type filter hook output priority 0; numgen random mod 100 < ${args[1]} drop; }
}
RULES
        ;;
    rate)
        [ ${#args[@]} -eq 2 ] || die "rate HOST RATE"
        ip netns exec "$(host "${args[0]}")" tc qdisc replace dev eth0 root tbf rate "${args[1]}" burst 32kbit latency 400ms ;;
    exec) [ ${#args[@]} -ge 2 ] || die "exec HOST COMMAND..."; exec ip netns exec "$(host "${args[0]}")" "${args[@]:1}" ;;
    demo)
        [ -x "$bin" ] || die "no binary at $bin; run 'make release' or pass --bin"
        bin=$(realpath "$bin")
        dir=$(mktemp -d)
        trap 'kill $(jobs -p) 2>/dev/null || true; down' EXIT
        up
        # CURVE as on a real cluster: the coordinator's keys, one authorized key pair per worker host.
        "$bin" keys init --dir "$dir/keys" >/dev/null
        for i in $(seq 1 $(( hosts - 1 ))); do
            "$bin" keys new-worker --dir "$dir/keys-$i" >/dev/null
            cp "$dir/keys/coordinator.pub" "$dir/keys-$i/"
            "$bin" keys authorize "$dir/keys-$i/worker.pub" --name "$(host "$i")" --dir "$dir/keys" >/dev/null
        done
        ip netns exec "$(host 0)" "$bin" coordinator --preset "$preset" --store "$dir/grid.db" --bind "tcp://$(address 0):5555" --keys "$dir/keys" &
        coordinator=$!
        for i in $(seq 1 $(( hosts - 1 ))); do
            ip netns exec "$(host "$i")" "$bin" worker --connect "tcp://$(address 0):5555" --id "$(host "$i")" \
                --cache-dir "$dir/cache-$i" --keys "$dir/keys-$i" >"$dir/worker-$i.log" 2>&1 &
        done
        wait "$coordinator"
        "$bin" status --store "$dir/grid.db"
        echo "store, keys and logs: $dir"
        ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
