#!/usr/bin/env python3
"""Load for one fault scenario: prediction loops and a writer loop through the gateway, every answer logged.

Predictions (PREDICTORS threads, one kept-alive connection each) post one iris row; the writer alternates a new
version of a dataset (a CSV whose one row names the write) and a new model. Every request is a JSON line in LOG:
{"t": seconds since the epoch, "kind": "predict"|"write", "status": HTTP status or 0 (no answer), "ms": latency,
"retry_after": the header or null, "detail": the start of a failed answer's body, "ack": what a 2xx write acknowledged}. When the time is up, every acknowledged
write is looked for (retrying for up to 60 s, the store may still be coming back) and the count of those missing is
the last line: {"kind": "verify", "acknowledged": N, "lost": [...]}.

Runs until the file STOP exists (at most 15 minutes). Usage: load.py GATEWAY KEY STOP LOG PREFIX   (PREDICTORS=6, MODEL=iris)
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

gateway, key, stop_file, log_path, prefix = sys.argv[1:6]
predictors = int(os.environ.get("PREDICTORS", "6"))
model = os.environ.get("MODEL", "iris")
timeout = 30  # a request still unanswered after this long is a hang, logged as status 0
host = urllib.parse.urlsplit(gateway)
deadline = time.time() + 900


def running():
    return time.time() < deadline and not os.path.exists(stop_file)

lock = threading.Lock()
log = open(log_path, "w", encoding="utf-8")
row = json.dumps({"instances": [{"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 5.1, "petal_width": 1.8}]})


def record(entry):
    with lock:
        log.write(json.dumps(entry) + "\n")


class Client:
    def __init__(self):
        self.connection = None

    def send(self, method, path, body=None, content_type="application/json"):
        """(status, headers, body); status 0 when the gateway gave no answer (connection lost, or a hang past the timeout)."""
        headers = {"X-Api-Key": key}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(host.hostname, host.port, timeout=timeout)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            return response.status, response, response.read()
        except (OSError, http.client.HTTPException) as error:
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            return 0, None, str(error).encode()


def timed(client, kind, method, path, body=None, content_type="application/json"):
    started = time.time()
    status, response, answer = client.send(method, path, body, content_type)
    entry = {"t": started, "kind": kind, "status": status, "ms": round((time.time() - started) * 1000, 1),
             "retry_after": response.getheader("Retry-After") if response else None}
    if not 200 <= status < 300:
        entry["detail"] = answer.decode(errors="replace")[:300]
    return entry, answer


def predict_loop():
    client = Client()
    while running():
        entry, _ = timed(client, "predict", "POST", f"/api/models/{model}/predict", row)
        record(entry)


acknowledged = []


def write_loop():
    client = Client()
    dataset = f"{prefix}-writes"
    n = 0
    while running():
        n += 1
        if n % 2:
            marker = f"{prefix}-row-{n}"
            entry, answer = timed(client, "write", "PUT", f"/api/datasets/{dataset}", f"write,n\n{marker},{n}\n", "text/csv")
            if 200 <= entry["status"] < 300:
                entry["ack"] = {"dataset": dataset, "version": json.loads(answer)["version"], "marker": marker}
        else:
            name = f"{prefix}-model-{n}"
            body = json.dumps({"name": name, "task": "regression", "label": "n"})
            entry, _ = timed(client, "write", "POST", "/api/models", body)
            if 200 <= entry["status"] < 300:
                entry["ack"] = {"model": name}
        record(entry)
        if "ack" in entry:
            acknowledged.append(entry["ack"])
        time.sleep(0.05)


def present(client, ack):
    if "model" in ack:
        status, _, _ = client.send("GET", f"/api/models/{ack['model']}")
        return status == 200
    status, _, body = client.send("GET", f"/api/datasets/{ack['dataset']}/rows?version={ack['version']}&limit=1")
    return status == 200 and ack["marker"] in body.decode()


threads = [threading.Thread(target=predict_loop) for _ in range(predictors)] + [threading.Thread(target=write_loop)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

client = Client()
missing = list(acknowledged)
give_up = time.time() + 60
while missing and time.time() < give_up:
    missing = [ack for ack in missing if not present(client, ack)]
    if missing:
        time.sleep(1)
record({"kind": "verify", "acknowledged": len(acknowledged), "lost": missing})
log.close()
