-- wrk script for bench/latency: one iris row per request (the peer's predict body), the key from DSAPP_KEY, an
-- optional pause per connection between an answer and its next request (PACE_MS: with many connections, a paced,
-- nearly open-loop arrival rate), and at the end one line with the percentiles wrk's --latency leaves out.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("DSAPP_KEY") then wrk.headers["X-Api-Key"] = os.getenv("DSAPP_KEY") end
wrk.body = '{"instances":[{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}]}'

local pace = tonumber(os.getenv("PACE_MS") or "0")
if pace > 0 then
  function delay() return pace end
end

function done(summary, latency, requests)
  -- microseconds; parsed by run.sh
  io.write(string.format("TAIL requests=%d seconds=%.3f p50=%d p90=%d p99=%d p999=%d max=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
