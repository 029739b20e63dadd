-- Ceiling: nginx -> bench/trivial_fcgi (same libfcgi, sockets and threads as regal-fcgi), which
-- answers a fixed JSON body. The path looks like the product endpoint's.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local ids = common.load_list("product_ids.txt")
common.scenario(function()
  return wrk.format("GET", "/bench/fcgi/products/" .. common.pick(ids), common.headers())
end)
