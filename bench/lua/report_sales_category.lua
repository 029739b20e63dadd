-- GET /api/v1/reports/sales?group_by=category over one year (365 days ending on a random seeded
-- day) of a random branch: report_ranges.txt holds "branch_id from to" lines.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local ranges = common.load_list("report_ranges.txt")
common.scenario(function()
  local branch, from, to = common.pick(ranges):match("^(%S+) (%S+) (%S+)$")
  return wrk.format("GET", "/api/v1/reports/sales?group_by=category&branch_id=" .. branch ..
    "&from=" .. from .. "&to=" .. to, common.headers())
end)
