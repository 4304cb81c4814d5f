-- wrk script: one iris row per request with the key, counting the answers by status and X-Model-Version,
-- so a swap shows both that nothing failed and that the new version took over.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = assert(os.getenv("DSAPP_KEY"), "set DSAPP_KEY")
wrk.body = '{"instances":[{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}]}'

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() counts = {} end
function response(status, headers)
  local key = status .. " v" .. (headers["X-Model-Version"] or headers["x-model-version"] or "?")
  counts[key] = (counts[key] or 0) + 1
end
function done()
  local total = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do total[key] = (total[key] or 0) + n end
  end
  for key, n in pairs(total) do io.write(string.format("answers %s: %d\n", key, n)) end
end
