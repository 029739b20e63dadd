-- GET /api/v1/products/{id} with a valid access token; ids drawn from the seeded catalog.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local ids = common.load_list("product_ids.txt")
common.scenario(function()
  return wrk.format("GET", "/api/v1/products/" .. common.pick(ids), common.headers())
end)
