-- wrk: POST /api/v1/tickets with distinct bodies; TOKEN comes from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"title":"Load test %d","client_id":"C-%d","caller_phone":"555-0100","channel":"api",' ..
    '"assets":{"server":"web-01","product":"shop"}}', n, n % 1000)
  return wrk.format(nil, nil, nil, body)
end

-- PACE_MS: each connection waits this long between requests (a steady load, not the most the
-- server takes).
local pace = tonumber(os.getenv("PACE_MS") or "0")
if pace > 0 then
  delay = function() return pace end
end
