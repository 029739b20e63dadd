-- POST /api/v1/sales, 3 lines out of 10 hot products (every sale waits on the stock rows of
-- the others: $BENCH_DATA/sale_products_hot.txt). See sale.lua.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
require("sale").scenario("sale_products_hot.txt")
