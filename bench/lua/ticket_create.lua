-- POST /api/v1/tickets as a desk agent, in the agent's department (ticket_department.txt):
-- a subject, a description, a priority and a tag, as the desk's form sends them.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local department = common.load_list("ticket_department.txt")[1]
local subjects = { "Receipt printer jams", "Card terminal offline", "Scanner beeps twice",
  "Price label wrong", "Delivery missing a pallet", "Till slow after update" }
local priorities = { "LOW", "MEDIUM", "MEDIUM", "HIGH", "URGENT" }
local headers = common.headers({ ["Content-Type"] = "application/json" })
common.scenario(function()
  local body = string.format(
    '{"subject":"%s #%d","department_id":"%s","description":"Bench ticket.","priority":"%s",' ..
    '"tags":["bench"]}', common.pick(subjects), math.random(1000000), department,
    common.pick(priorities))
  return wrk.format("POST", "/api/v1/tickets", headers, body)
end)
