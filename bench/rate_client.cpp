// Open-loop load at a fixed rate, for latency percentiles that wrk cannot give:
// wrk sends the next request only when the previous one answered, so a slow
// answer hides the requests that would have queued behind it (coordinated
// omission). Here request j is due at start + j/rate whatever happened before,
// and its latency is counted from that due time, as wrk2 does.
//
//   rate_client --port=P --rate=1000 --duration=10 --connections=16 --apps=10000
//               --method=POST --path=/signal
//               --body='application={app}&token={token}&status=ok'
//
// {app} and {token} become the name and token of application j % apps
// (bench_names.h). Prints one line of key=value pairs, latencies in ms.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bench_names.h"

namespace {

using SteadyClock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  double rate = 1000;
  double duration = 10;
  double warmup = 1;  // seconds at the start whose latencies are not counted
  int connections = 16;
  long apps = 1;
  std::string method = "GET";
  std::string path = "/";
  std::string body;
  std::string content_type = "application/x-www-form-urlencoded";
  bool close_each = false;  // one request per connection, like curl from cron
};

struct Result {
  std::vector<long> latencies_us;
  long completed = 0;
  long errors = 0;   // connect/IO failures and timeouts
  long non_2xx = 0;  // answered, but not with a 2xx
};

std::string Expand(const std::string& pattern, long app) {
  std::string out;
  out.reserve(pattern.size() + 48);
  for (size_t i = 0; i < pattern.size();) {
    if (pattern.compare(i, 5, "{app}") == 0) {
      out += bench::AppName(app);
      i += 5;
    } else if (pattern.compare(i, 7, "{token}") == 0) {
      out += bench::AppToken(app);
      i += 7;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

class Connection {
 public:
  explicit Connection(const Options& options) : options_(options) {}
  ~Connection() { Close(); }

  // Sends one request and reads its whole answer. Returns the status code, or
  // -1 on any failure (the connection is then closed and reopened next time).
  int RoundTrip(const std::string& request) {
    if (fd_ < 0 && !Open()) return -1;
    if (!SendAll(request)) {
      Close();
      if (!Open() || !SendAll(request)) return Fail();
    }
    int status = 0;
    bool keep_alive = true;
    if (!ReadResponse(&status, &keep_alive)) return Fail();
    if (!keep_alive || options_.close_each) Close();
    return status;
  }

 private:
  int Fail() {
    Close();
    return -1;
  }

  bool Open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(options_.port));
    ::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      Close();
      return false;
    }
    buffer_.clear();
    return true;
  }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool SendAll(const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  bool Fill() {
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  static bool HeaderIs(const std::string& headers, const char* name, const char* value) {
    std::string lower(headers);
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    const size_t at = lower.find(name);
    if (at == std::string::npos) return false;
    const size_t end = lower.find("\r\n", at);
    return lower.substr(at, end - at).find(value) != std::string::npos;
  }

  static long ContentLength(const std::string& headers) {
    std::string lower(headers);
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    const size_t at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return -1;
    return std::strtol(lower.c_str() + at + 17, nullptr, 10);
  }

  bool ReadResponse(int* status, bool* keep_alive) {
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return false;
    }
    const std::string headers = buffer_.substr(0, header_end + 2);
    if (headers.compare(0, 5, "HTTP/") != 0 || headers.size() < 12) return false;
    *status = std::atoi(headers.c_str() + 9);
    *keep_alive = !HeaderIs(headers, "\r\nconnection:", "close");
    buffer_.erase(0, header_end + 4);
    if (options_.method == "HEAD") return true;
    if (HeaderIs(headers, "\r\ntransfer-encoding:", "chunked")) {
      while (buffer_.find("0\r\n\r\n") == std::string::npos) {
        if (!Fill()) return false;
      }
      buffer_.clear();
      return true;
    }
    const long length = ContentLength(headers);
    if (length < 0) {  // body delimited by close
      while (Fill()) {
      }
      *keep_alive = false;
      return true;
    }
    while (buffer_.size() < static_cast<size_t>(length)) {
      if (!Fill()) return false;
    }
    buffer_.erase(0, static_cast<size_t>(length));
    return true;
  }

  const Options& options_;
  int fd_ = -1;
  std::string buffer_;
};

std::string BuildRequest(const Options& options, long app) {
  std::string request = options.method + " " + Expand(options.path, app) + " HTTP/1.1\r\n";
  request += "Host: " + options.host + "\r\n";
  if (options.close_each) request += "Connection: close\r\n";
  if (!options.body.empty() || options.method == "POST" || options.method == "PUT") {
    const std::string body = Expand(options.body, app);
    request += "Content-Type: " + options.content_type + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  } else {
    request += "\r\n";
  }
  return request;
}

// Connection k sends requests k, k+C, k+2C, ...: the union is one evenly spaced
// stream at the requested rate.
void RunConnection(const Options& options, int k, SteadyClock::time_point start, long total,
                   long warmup_requests, Result* result) {
  Connection connection(options);
  const double interval_us = 1e6 / options.rate;
  for (long j = k; j < total; j += options.connections) {
    const auto due = start + std::chrono::microseconds(static_cast<long>(j * interval_us));
    std::this_thread::sleep_until(due);
    const int status = connection.RoundTrip(BuildRequest(options, j % options.apps));
    const auto done = SteadyClock::now();
    if (status < 0) {
      ++result->errors;
      continue;
    }
    ++result->completed;
    if (status < 200 || status > 299) ++result->non_2xx;
    if (j >= warmup_requests) {
      result->latencies_us.push_back(
          std::chrono::duration_cast<std::chrono::microseconds>(done - due).count());
    }
  }
}

double Percentile(const std::vector<long>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[index] / 1000.0;
}

bool TakeFlag(const char* arg, const char* name, std::string* value) {
  const size_t len = std::strlen(name);
  if (std::strncmp(arg, name, len) != 0 || arg[len] != '=') return false;
  *value = arg + len + 1;
  return true;
}

// Fills `options` from the command line; says why and returns false on a bad one.
bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    std::string v;
    if (TakeFlag(argv[i], "--host", &v)) {
      options.host = v;
    } else if (TakeFlag(argv[i], "--port", &v)) {
      options.port = std::atoi(v.c_str());
    } else if (TakeFlag(argv[i], "--rate", &v)) {
      options.rate = std::atof(v.c_str());
    } else if (TakeFlag(argv[i], "--duration", &v)) {
      options.duration = std::atof(v.c_str());
    } else if (TakeFlag(argv[i], "--warmup", &v)) {
      options.warmup = std::atof(v.c_str());
    } else if (TakeFlag(argv[i], "--connections", &v)) {
      options.connections = std::atoi(v.c_str());
    } else if (TakeFlag(argv[i], "--apps", &v)) {
      options.apps = std::atol(v.c_str());
    } else if (TakeFlag(argv[i], "--method", &v)) {
      options.method = v;
    } else if (TakeFlag(argv[i], "--path", &v)) {
      options.path = v;
    } else if (TakeFlag(argv[i], "--body", &v)) {
      options.body = v;
    } else if (TakeFlag(argv[i], "--content-type", &v)) {
      options.content_type = v;
    } else if (std::strcmp(argv[i], "--close") == 0) {
      options.close_each = true;
    } else {
      std::fprintf(stderr,
                   "rate_client: unknown argument %s (see the comment in rate_client.cpp)\n",
                   argv[i]);
      return false;
    }
  }
  if (options.port <= 0 || options.rate <= 0 || options.duration <= 0 || options.connections <= 0 ||
      options.apps <= 0) {
    std::fprintf(stderr,
                 "rate_client: --port, --rate, --duration, --connections and --apps "
                 "must be positive\n");
    return false;
  }

  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, options)) return 2;
  const long total = static_cast<long>(options.rate * options.duration);
  const long warmup_requests = static_cast<long>(options.rate * options.warmup);
  std::vector<Result> results(static_cast<size_t>(options.connections));
  std::vector<std::thread> threads;
  const auto start = SteadyClock::now() + std::chrono::milliseconds(50);
  for (int k = 0; k < options.connections; ++k) {
    threads.emplace_back(RunConnection, std::cref(options), k, start, total, warmup_requests,
                         &results[static_cast<size_t>(k)]);
  }
  for (auto& thread : threads) thread.join();
  const double elapsed = std::chrono::duration<double>(SteadyClock::now() - start).count();

  Result all;
  for (const auto& r : results) {
    all.completed += r.completed;
    all.errors += r.errors;
    all.non_2xx += r.non_2xx;
    all.latencies_us.insert(all.latencies_us.end(), r.latencies_us.begin(), r.latencies_us.end());
  }
  std::sort(all.latencies_us.begin(), all.latencies_us.end());
  std::printf(
      "requests=%ld completed=%ld errors=%ld non_2xx=%ld achieved_rps=%.1f "
      "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f\n",
      total, all.completed, all.errors, all.non_2xx, all.completed / elapsed,
      Percentile(all.latencies_us, 0.50), Percentile(all.latencies_us, 0.90),
      Percentile(all.latencies_us, 0.99), Percentile(all.latencies_us, 0.999),
      all.latencies_us.empty() ? 0.0 : all.latencies_us.back() / 1000.0);
  return all.errors == 0 && all.non_2xx == 0 ? 0 : 1;
}
