// One connection, closed loop, every request's own latency: POSTs BODY to URL (keep-alive, the key from DSAPP_KEY)
// for SECONDS and prints the same TAIL line as tail.lua. Why not wrk: wrk "corrects" its histogram for coordinated
// omission with phantom requests at its mean interval, so at one connection each stall of L µs adds L / mean samples,
// and the faster the target the more (docs/benchmarks.md, the latency tail). Here nothing is added: one connection asks
// the next question when the answer is in, and each answer's wait is what is reported.
// Usage: loop URL BODY SECONDS   (URL: http://HOST:PORT/PATH)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int by_value(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

// Reads one whole response (Content-Length or chunked); returns its status code, or -1 when the connection failed.
static int read_response(int fd, char *buf, size_t size) {
  size_t got = 0;
  long need = -1; // bytes of the whole response once its headers are in; 0: chunked, ends with the last chunk
  for (;;) {
    ssize_t r = read(fd, buf + got, size - 1 - got);
    if (r <= 0) return -1;
    got += (size_t)r;
    buf[got] = 0;
    char *end = strstr(buf, "\r\n\r\n");
    if (end && need < 0) {
      char *length = strcasestr(buf, "\r\ncontent-length:");
      need = length && length < end ? (end - buf) + 4 + atol(length + 17) : 0;
    }
    if (need > 0 && (long)got >= need) break;
    if (need == 0 && got >= 5 && memcmp(buf + got - 5, "0\r\n\r\n", 5) == 0) break;
    if (got >= size - 1) return -1; // larger than any answer this benchmark asks for
  }
  return atoi(buf + 9); // "HTTP/1.1 200"
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: loop URL BODY SECONDS\n");
    return 2;
  }
  char host[256], path[1024];
  int port;
  if (sscanf(argv[1], "http://%255[^:]:%d%1023s", host, &port, path) != 3) {
    fprintf(stderr, "loop: URL must be http://HOST:PORT/PATH, not %s\n", argv[1]);
    return 2;
  }
  const char *body = argv[2], *key = getenv("DSAPP_KEY");
  double seconds = atof(argv[3]);

  int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  if (inet_pton(AF_INET, host, &address.sin_addr) != 1 || connect(fd, (struct sockaddr *)&address, sizeof address)) {
    perror("loop: connect");
    return 1;
  }
  char request[8192];
  int length = snprintf(request, sizeof request,
                        "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n%s%s%sContent-Length: %zu\r\n\r\n%s",
                        path, host, port, key ? "X-Api-Key: " : "", key ? key : "", key ? "\r\n" : "", strlen(body), body);

  size_t capacity = 1 << 20, count = 0, errors = 0;
  long long *latencies = malloc(capacity * sizeof *latencies);
  static char response[1 << 16];
  long long start = now_ns(), end = start + (long long)(seconds * 1e9);
  while (now_ns() < end) {
    long long asked = now_ns();
    if (write(fd, request, (size_t)length) != length) {
      perror("loop: write");
      return 1;
    }
    int status = read_response(fd, response, sizeof response);
    if (status < 0) {
      fprintf(stderr, "loop: the connection failed after %zu answers\n", count);
      return 1;
    }
    if (status < 200 || status > 299) errors++;
    if (count == capacity) latencies = realloc(latencies, (capacity *= 2) * sizeof *latencies);
    latencies[count++] = now_ns() - asked;
  }
  double elapsed = (now_ns() - start) / 1e9;
  if (count == 0) {
    fprintf(stderr, "loop: no answer in %.1f s\n", elapsed);
    return 1;
  }
  qsort(latencies, count, sizeof *latencies, by_value);
#define AT(q) (latencies[(size_t)((q) * (count - 1))] / 1000)
  printf("TAIL requests=%zu seconds=%.3f p50=%lld p90=%lld p99=%lld p999=%lld max=%lld errors=%zu\n", count, elapsed,
         AT(0.5), AT(0.9), AT(0.99), AT(0.999), latencies[count - 1] / 1000, errors);
  return 0;
}
