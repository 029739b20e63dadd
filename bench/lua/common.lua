-- bench/lua/common.lua — shared by every wrk scenario of bench/run.
--
-- A scenario script sets package.path to this directory, requires this module and calls
-- common.scenario(make_request[, on_init]), where make_request() returns the next request
-- (wrk.format).
-- This module then defines wrk's hooks:
--   setup(thread)   numbers the threads 1…n (distinct random seeds) and remembers them;
--   init(args)      seeds the thread's generator and calls on_init(thread_number, threads)
--                   when the scenario passed one (per-thread state, e.g. its own registers);
--   response(...)   counts responses by status code in each thread (so 404s from endpoints that
--                   do not exist yet, 401s from an expired token, 429s from a rate limit … show
--                   up as errors instead of as a fast rate);
--   done(...)       prints one machine-readable line that bench/run parses:
--     BENCH_RESULT requests=N seconds=S rps=R p50_ms=A p99_ms=B non2xx=M socket_errors=K
--                  statuses=200:123,404:5
-- Environment: BENCH_DATA (directory of the data files), BENCH_TOKEN (bearer token, optional),
-- BENCH_THREADS (wrk's -t, set by bench/run).
local M = {}

local threads = {}
local counter = 0

-- Lines of $BENCH_DATA/<name> (one value per line), as a Lua array.
function M.load_list(name)
  local path = (os.getenv("BENCH_DATA") or ".") .. "/" .. name
  local list = {}
  local file = assert(io.open(path, "r"), "cannot open " .. path)
  for line in file:lines() do
    if line ~= "" then list[#list + 1] = line end
  end
  file:close()
  assert(#list > 0, path .. " is empty")
  return list
end

function M.pick(list) return list[math.random(#list)] end

function M.urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- Headers every API request carries: JSON and, when BENCH_TOKEN is set, the bearer token.
function M.headers(extra)
  local h = { ["Accept"] = "application/json" }
  local token = os.getenv("BENCH_TOKEN")
  if token and token ~= "" then h["Authorization"] = "Bearer " .. token end
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

-- The number of wrk threads of this run (BENCH_THREADS, set by bench/run; 1 when absent).
function M.thread_count() return tonumber(os.getenv("BENCH_THREADS") or "1") or 1 end

function M.scenario(make_request, on_init)
  statuses = {}

  function setup(thread)
    counter = counter + 1
    thread:set("thread_number", counter)
    threads[#threads + 1] = thread
  end

  function init(args)
    math.randomseed(os.time() * 1000 + (thread_number or 0) * 7919)
    if on_init then on_init(thread_number or 1, M.thread_count()) end
  end

  request = make_request

  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end

  function done(summary, latency, requests)
    local total, non2xx, parts = {}, 0, {}
    for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses") or {}) do
        total[status] = (total[status] or 0) + n
      end
    end
    local codes = {}
    for status in pairs(total) do codes[#codes + 1] = status end
    table.sort(codes)
    for _, status in ipairs(codes) do
      parts[#parts + 1] = status .. ":" .. total[status]
      if status < 200 or status > 299 then non2xx = non2xx + total[status] end
    end
    local e = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format(
      "BENCH_RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d " ..
      "socket_errors=%d statuses=%s\n",
      summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, non2xx, e.connect + e.read + e.write + e.timeout,
      #parts > 0 and table.concat(parts, ",") or "-"))
  end
end

return M
