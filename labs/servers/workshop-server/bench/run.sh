#!/bin/sh
# Bounded load test of the workshop server on loopback (see BENCHMARKS.md, "Workshop server").
# Needs: wrk and curl; the release binary (cargo build --release -p workshop-server).
# Usage: labs/servers/workshop-server/bench/run.sh [path/to/workshop-server]
#   CONNECTIONS="50 200" (wrk -c values, default both), ROUNDS=2 (default)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
binary=${1:-${CARGO_TARGET_DIR:-$here/../../../../target}/release/workshop-server}
port=18090
base=http://127.0.0.1:$port
data=$(mktemp -d)
# wrk's 200 connections all come from 127.0.0.1: raise the per-address share (default 128)
printf 'max_connections_per_peer = 512\n' > "$data/bench.toml"
"$binary" --port $port --host 127.0.0.1 --data "$data" --site "$data/no-site" --config "$data/bench.toml" > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
sleep 1
h="-H X-M2M-Origin:Cbench -H X-M2M-RI:setup -H X-M2M-RVI:3"
curl -sf -o /dev/null -X POST $base/cse-in $h -H 'Content-Type: application/json;ty=2' \
  -d '{"m2m:ae": {"rn": "bench", "api": "Nbench", "rr": false, "srv": ["3"]}}'
curl -sf -o /dev/null -X POST $base/cse-in/bench $h -H 'Content-Type: application/json;ty=3' \
  -d '{"m2m:cnt": {"rn": "data", "mni": 100}}'
for n in 1 2 3; do
  curl -sf -o /dev/null -X POST $base/cse-in/bench/data $h -H 'Content-Type: application/json;ty=4' \
    -d "{\"m2m:cin\": {\"con\": \"$n\"}}"
done
rss() { echo "RSS $(ps -o rss= -p $pid | tr -d ' ') KiB ($1)"; }
rss "after setup"
# two rounds: memory after round 2 should match round 1 (the container keeps at most 100 instances)
for round in $(seq 1 "${ROUNDS:-2}"); do
  for c in ${CONNECTIONS:-50 200}; do
    for target in "GET container:$base/cse-in/bench/data:get.lua" \
                  "GET la:$base/cse-in/bench/data/la:get.lua" \
                  "POST contentInstance:$base/cse-in/bench/data:post-cin.lua"; do
      name=${target%%:*}; rest=${target#*:}; script=${rest##*:}; url=${rest%:*}
      echo "== round $round, $name: wrk -t2 -c$c -d10s --latency -s $script $url"
      wrk -t2 -c"$c" -d10s --latency -s "$here/$script" "$url"
      rss "after round $round, $name, $c connections"
    done
  done
done
# reads while writes go on: GET la and POST contentInstance at the same time, 50 connections each
echo "== mixed: wrk -t1 -c50 -d10s GET la, and at the same time wrk -t1 -c50 -d10s POST contentInstance"
wrk -t1 -c50 -d10s --latency -s "$here/post-cin.lua" "$base/cse-in/bench/data" > "$data/mixed-post.txt" &
post=$!
wrk -t1 -c50 -d10s --latency -s "$here/get.lua" "$base/cse-in/bench/data/la"
wait $post
echo "-- the POSTs meanwhile:"
cat "$data/mixed-post.txt"
echo "journal: $(wc -l < "$data/journal.jsonl") lines, snapshot: $(wc -c < "$data/cse.snapshot") bytes"
