-- wrk script: a oneM2M Create of a contentInstance (POST, Content-Type with ty=4); every request is
-- journaled and fsync'd before its answer.
wrk.method = "POST"
wrk.headers["X-M2M-Origin"] = "Cbench"
wrk.headers["X-M2M-RI"] = "bench"
wrk.headers["X-M2M-RVI"] = "3"
wrk.headers["Content-Type"] = "application/json;ty=4"
wrk.body = '{"m2m:cin": {"cnf": "text/plain:0", "con": "21.5"}}'

-- count answers whose X-M2M-RSC is not 2001 (wrk itself only counts HTTP >= 400 and socket errors)
local threads = {}
function setup(thread) table.insert(threads, thread) end
bad = 0
function response(status, headers, body)
  if headers["x-m2m-rsc"] ~= "2001" then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("answers with X-M2M-RSC other than 2001: %d\n", total))
end
