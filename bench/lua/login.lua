-- POST /api/v1/auth/login with the bench admin's credentials (BENCH_LOGIN, BENCH_PASSWORD):
-- bound by bcrypt, compared with the raw libxcrypt verify rate of every core.
package.path = (os.getenv("BENCH_LUA") or "bench/lua") .. "/?.lua;" .. package.path
local common = require("common")
local body = string.format('{"login":"%s","password":"%s"}', os.getenv("BENCH_LOGIN"),
                           os.getenv("BENCH_PASSWORD"))
common.scenario(function()
  return wrk.format("POST", "/api/v1/auth/login",
                    { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }, body)
end)
