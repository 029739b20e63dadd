-- GET /api/v1/reports/daily of a random seeded (branch, local day): report_days.txt holds
-- "branch_id date" lines for every day of the seeded history (regalctl seed-demo --history).
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local days = common.load_list("report_days.txt")
common.scenario(function()
  local branch, day = common.pick(days):match("^(%S+) (%S+)$")
  return wrk.format("GET", "/api/v1/reports/daily?branch_id=" .. branch .. "&date=" .. day,
    common.headers())
end)
