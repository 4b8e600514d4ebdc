-- wrk: the top 50 of a tier's queue (priority, then time received); TOKEN and TIER from the
-- environment.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.path = "/api/v1/tickets?tier=" .. (os.getenv("TIER") or "L1") .. "&limit=50"
