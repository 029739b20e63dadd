-- Ceiling: nginx answers a fixed JSON body itself (bench nginx, location /bench/static).
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
common.scenario(function() return wrk.format("GET", "/bench/static", common.headers()) end)
