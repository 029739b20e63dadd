-- POST /api/v1/sales, 3 lines on random products of the seeded catalog (a sample of sellable
-- products of the bench branch, $BENCH_DATA/sale_products_random.txt). See sale.lua.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
require("sale").scenario("sale_products_random.txt")
