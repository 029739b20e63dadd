-- GET /api/v1/tickets as a desk agent (BENCH_TOKEN is the agent's): the agent's queue as the
-- desk shows it — the first page (limit 50) of everything in scope, or of the open statuses, or
-- of one priority; sorted URGENT→LOW, then oldest first (the store's keyset order).
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local queries = {
  "/api/v1/tickets?limit=50",
  "/api/v1/tickets?limit=50&status=OPEN,IN_PROGRESS,PENDING_USER",
  "/api/v1/tickets?limit=50&status=OPEN",
  "/api/v1/tickets?limit=50&priority=URGENT,HIGH",
}
common.scenario(function()
  return wrk.format("GET", common.pick(queries), common.headers())
end)
