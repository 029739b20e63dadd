-- GET /api/v1/products?q=<3 letters>&limit=20: substring search, case- and accent-insensitive
-- (some terms carry accents or capitals that the seeded names spell differently).
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local terms = common.load_list("search_terms.txt")
common.scenario(function()
  local path = "/api/v1/products?q=" .. common.urlencode(common.pick(terms)) .. "&limit=20"
  return wrk.format("GET", path, common.headers())
end)
