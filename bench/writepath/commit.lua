-- wrk script: each request adds a version to one dataset (PUT of a two-row CSV), with the API key.
wrk.method = "PUT"
wrk.headers["Content-Type"] = "text/csv"
wrk.headers["X-Api-Key"] = assert(os.getenv("DSAPP_KEY"), "set DSAPP_KEY")
wrk.body = 'a,b\n1,x\n2,y\n'
