-- wrk script: one iris row per request, as DsApp's predict endpoint takes it, with the API key
-- (from bench/peers/fastapi-sklearn/predict.lua, the key header made mandatory).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = assert(os.getenv("DSAPP_KEY"), "set DSAPP_KEY")
wrk.body = '{"instances":[{"sepal_length":5.9,"sepal_width":3.0,"petal_length":5.1,"petal_width":1.8}]}'
