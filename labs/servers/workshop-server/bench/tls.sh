#!/bin/sh
# Secure mode (--tls) against plain HTTP on loopback (see BENCHMARKS.md, "Workshop server", "Secure mode").
# Needs: wrk and curl; the release binary (cargo build --release -p workshop-server).
# Usage: labs/servers/workshop-server/bench/tls.sh [path/to/workshop-server]
# GET la with 50 keep-alive connections (the handshake once per connection), then with
# "Connection: close" (a new TCP connection, and in secure mode a new TLS handshake, per request).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
binary=${1:-${CARGO_TARGET_DIR:-$here/../../../../target}/release/workshop-server}
data=$(mktemp -d)
printf 'max_connections_per_peer = 512\n' > "$data/bench.toml"
"$binary" --port 18091 --host 127.0.0.1 --data "$data/plain" --site "$data/no-site" --config "$data/bench.toml" > "$data/plain.log" 2>&1 &
plain=$!
"$binary" --port 18092 --host 127.0.0.1 --tls --data "$data/tls" --site "$data/no-site" --config "$data/bench.toml" > "$data/tls.log" 2>&1 &
secure=$!
trap 'kill $plain $secure 2>/dev/null; wait $plain $secure 2>/dev/null; rm -rf "$data"' EXIT
sleep 1
token=$("$binary" issue-token Cbench --data "$data/tls" | sed -n 2p)
setup() { # $1 base URL, then curl options
  base=$1; shift
  h="-H X-M2M-Origin:Cbench -H X-M2M-RI:setup -H X-M2M-RVI:3"
  curl -sf -o /dev/null "$@" -X POST "$base/cse-in" $h -H 'Content-Type: application/json;ty=2' \
    -d '{"m2m:ae": {"rn": "bench", "api": "Nbench", "rr": false, "srv": ["3"]}}'
  curl -sf -o /dev/null "$@" -X POST "$base/cse-in/bench" $h -H 'Content-Type: application/json;ty=3' \
    -d '{"m2m:cnt": {"rn": "data", "mni": 100}}'
  curl -sf -o /dev/null "$@" -X POST "$base/cse-in/bench/data" $h -H 'Content-Type: application/json;ty=4' \
    -d '{"m2m:cin": {"con": "1"}}'
}
setup http://127.0.0.1:18091
setup https://127.0.0.1:18092 --cacert "$data/tls/tls/ca.cert.pem" -H "Authorization: Bearer $token"
for mode in keep-alive close; do
  extra=""
  [ "$mode" = close ] && extra="Connection: close"
  echo "== plain HTTP, $mode: wrk -t2 -c50 -d10s --latency GET la"
  wrk -t2 -c50 -d10s --latency -s "$here/get.lua" ${extra:+-H "$extra"} http://127.0.0.1:18091/cse-in/bench/data/la
  echo "== HTTPS with a token, $mode: wrk -t2 -c50 -d10s --latency GET la"
  wrk -t2 -c50 -d10s --latency -s "$here/get.lua" -H "Authorization: Bearer $token" ${extra:+-H "$extra"} \
    https://127.0.0.1:18092/cse-in/bench/data/la
done
echo "RSS plain $(ps -o rss= -p $plain | tr -d ' ') KiB, secure $(ps -o rss= -p $secure | tr -d ' ') KiB"
