-- wrk script: a oneM2M Retrieve (GET) with the binding's headers; the URL names the resource.
wrk.method = "GET"
wrk.headers["X-M2M-Origin"] = "Cbench"
wrk.headers["X-M2M-RI"] = "bench"
wrk.headers["X-M2M-RVI"] = "3"

-- count answers whose X-M2M-RSC is not 2000 (wrk itself only counts HTTP >= 400 and socket errors)
local threads = {}
function setup(thread) table.insert(threads, thread) end
bad = 0
function response(status, headers, body)
  if headers["x-m2m-rsc"] ~= "2000" then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("answers with X-M2M-RSC other than 2000: %d\n", total))
end
