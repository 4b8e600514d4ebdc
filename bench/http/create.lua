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
