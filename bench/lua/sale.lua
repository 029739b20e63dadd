-- bench/lua/sale.lua — POST /api/v1/sales with 3 lines (distinct products, qty 1) and one cash
-- tender, shared by sale_random.lua and sale_hot.lua.
--
-- A register takes its numbers one sale at a time (the document_series row lock), as a till
-- does, so the sales are spread over many registers: bench/run opens a shift on each register
-- of $BENCH_DATA/sale_registers.txt ("branch_id register_id shift_id" per line, more registers
-- than connections) and wrk thread t of n sells on registers t, t + n, t + 2n, … in turn. Two
-- requests in flight on one register would need one connection to lag a whole round of the
-- thread's registers behind the others.
--
-- Products file: "product_id upper" per line, where upper is at least what one unit costs with
-- tax; the tender is Σ upper rounded up to the next 100 minor units — exact or over-tendered
-- cash, with change. bench/run tops their stock up so that no sale meets INSUFFICIENT_STOCK.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")

local M = {}

local function split(line)
  local fields = {}
  for field in line:gmatch("%S+") do fields[#fields + 1] = field end
  return fields
end

function M.scenario(products_file)
  local products = {}
  for _, line in ipairs(common.load_list(products_file)) do
    local f = split(line)
    products[#products + 1] = { id = f[1], upper = tonumber(f[2]) }
  end
  assert(#products >= 3, products_file .. " needs at least 3 products")
  local all_registers = common.load_list("sale_registers.txt")
  local registers, next_register = {}, 0
  local headers = common.headers({ ["Content-Type"] = "application/json" })

  local function on_init(thread, threads)
    for i = thread, #all_registers, threads do
      registers[#registers + 1] = split(all_registers[i])
    end
    assert(#registers > 0, "fewer registers than wrk threads")
    next_register = math.random(#registers) - 1
  end

  local function make_request()
    next_register = next_register % #registers + 1
    local reg = registers[next_register]
    local a = math.random(#products)
    local b = math.random(#products - 1)
    if b >= a then b = b + 1 end
    local c = math.random(#products - 2)
    if c >= math.min(a, b) then c = c + 1 end
    if c >= math.max(a, b) then c = c + 1 end
    local pa, pb, pc = products[a], products[b], products[c]
    local tender = math.ceil((pa.upper + pb.upper + pc.upper) / 100) * 100
    if tender == 0 then tender = 100 end
    local body = string.format(
      '{"branch_id":"%s","register_id":"%s","shift_id":"%s","lines":[' ..
      '{"product_id":"%s","qty":1},{"product_id":"%s","qty":1},{"product_id":"%s","qty":1}],' ..
      '"payments":[{"method":"cash","amount":%d}]}',
      reg[1], reg[2], reg[3], pa.id, pb.id, pc.id, tender)
    return wrk.format("POST", "/api/v1/sales", headers, body)
  end

  common.scenario(make_request, on_init)
end

return M
