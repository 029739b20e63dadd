-- GET /api/v1/products/by-barcode/{code}: scanner lookups of barcodes from the seeded catalog.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local codes = common.load_list("barcodes.txt")
common.scenario(function()
  return wrk.format("GET", "/api/v1/products/by-barcode/" .. common.pick(codes), common.headers())
end)
