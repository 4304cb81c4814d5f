"""An OTLP/HTTP sink for the telemetry benchmark: answers every export with 200 and an empty protobuf message,
so the services pay for recording, batching, encoding and sending their telemetry but nobody decodes it.
Usage: otlp_sink.py PORT; on SIGTERM prints how many exports and bytes it took per signal."""
import signal, sys
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

exports, received = Counter(), Counter()

class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        exports[self.path] += 1
        received[self.path] += len(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass

def report(*_):
    for path in sorted(exports):
        print(f"otlp sink {path}: {exports[path]} exports, {received[path] / 1048576:.1f} MiB", flush=True)
    sys.exit(0)

signal.signal(signal.SIGTERM, report)
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
