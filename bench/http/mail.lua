-- wrk: POST /api/v1/mail/inbound, as many MTA pipes at once would; TOKEN (the mail gateway's)
-- comes from the environment. Every message is new (its own Message-ID); every other one is the
-- first client's reply on the thread of their ticket TD-1 (by In-Reply-To).
wrk.method = "POST"
wrk.headers["Content-Type"] = "message/rfc822"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local n = 0
local body = string.rep("The checkout page returns 500 since the update this morning.\r\n", 12)
request = function()
  n = n + 1
  local thread, sender = "", n % 8
  if n % 2 == 0 then thread, sender = "In-Reply-To: <td-1@auro.example>\r\n", 1 end
  local mail = string.format(
    "From: Client <client%d@client.example>\r\nTo: support@auro.example\r\n" ..
    "Subject: Checkout fails for order %d\r\nMessage-ID: <wrk-%d-%d@client.example>\r\n%s\r\n%s",
    sender, n, math.random(1, 1000000000), n, thread, body)
  return wrk.format(nil, nil, nil, mail)
end
