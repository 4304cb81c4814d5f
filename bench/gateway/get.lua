-- wrk script: a GET with the API key (used when predict is not available).
wrk.method = "GET"
wrk.headers["X-Api-Key"] = assert(os.getenv("DSAPP_KEY"), "set DSAPP_KEY")
