// --web.config.file: TLS with a real certificate (made by the openssl CLI) and bcrypt basic auth.
#include "heartbeat/http/web_config.h"

#include <crypt.h>
#include <openssl/ssl.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "common/raw_connection.h"
#include "common/server_fixture.h"
#include "heartbeat/http/web_config.h"
#include "http/login_throttle.h"

namespace heartbeat::testing {
namespace {

std::string Bcrypt(const std::string& password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  // Cost 4, the minimum, keeps the test fast; the server accepts any cost.
  if (!crypt_gensalt_rn("$2b$", 4, nullptr, 0, salt, sizeof(salt)))
    throw std::runtime_error("gensalt");
  crypt_data data{};
  return crypt_r(password.c_str(), salt, &data);
}

std::string Base64(const std::string& text) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = -6;
  for (unsigned char c : text) {
    value = (value << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(kAlphabet[(value >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(kAlphabet[((value << 8) >> (bits + 8)) & 0x3F]);
  while (out.size() % 4) out.push_back('=');
  return out;
}

class WebConfigTest : public ServerTest {
 protected:
  void SetUp() override {}  // each test starts the server with its own web config

  void StartWith(const std::string& yaml) {
    std::ofstream(dir_.File("web.yml")) << yaml;
    web_config_ = dir_.File("web.yml");
    Start();
  }
  void Customize(ExporterOptions& options) override {
    options.web_config_file = web_config_;
    if (read_timeout_seconds_ > 0) options.read_timeout_seconds = read_timeout_seconds_;
    if (worker_threads_ > 0) options.worker_threads = worker_threads_;
  }

  void MakeCertificate() {
    const std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 "
        "-addext subjectAltName=IP:127.0.0.1 -keyout " +
        dir_.File("server.key") + " -out " + dir_.File("server.crt") + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl (Debian package openssl) is needed";
  }

  std::string web_config_;
  int read_timeout_seconds_ = 0;  // 0: the default
  int worker_threads_ = 0;
};

TEST_F(WebConfigTest, BasicAuthGuardsMetricsButNotTokenEndpoints) {
  StartWith("basic_auth_users:\n  prometheus: '" + Bcrypt("s3cret") + "'\n");
  const std::string token = CreateApp({{"name", "backup"}});  // bearer-protected, no basic auth
  auto anonymous = client_->Get("/metrics");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_NE(anonymous->get_header_value("WWW-Authenticate").find("Basic"), std::string::npos);
  auto wrong = client_->Get("/metrics", {{"Authorization", "Basic " + Base64("prometheus:nope")}});
  EXPECT_EQ(wrong->status, 401);
  for (int i = 0; i < 2; ++i) {  // the second time from the verified cache
    auto right =
        client_->Get("/metrics", {{"Authorization", "Basic " + Base64("prometheus:s3cret")}});
    EXPECT_EQ(right->status, 200);
  }
  EXPECT_EQ(client_->Get(("/ping/" + token).c_str())->status, 200) << "pings carry their own token";
}

TEST_F(WebConfigTest, ServesTls) {
  MakeCertificate();
  StartWith("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
  httplib::SSLClient tls("127.0.0.1", port_);
  tls.set_ca_cert_path(dir_.File("server.crt").c_str());
  tls.enable_server_certificate_verification(true);
  auto res = tls.Get("/-/healthy");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
}

// Idle TCP connections and handshakes left half done hold no thread over TLS either.
TEST_F(WebConfigTest, TlsServesWhileTwoThousandConnectionsIdle) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  MakeCertificate();
  StartWith("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 2000; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port_));
    if (i % 10 == 0) idle.back()->Send(std::string("\x16\x03\x01\x02\x00", 5));  // a record begun
  }
  httplib::SSLClient tls("127.0.0.1", port_);
  tls.set_ca_cert_path(dir_.File("server.crt").c_str());
  tls.enable_server_certificate_verification(true);
  tls.set_read_timeout(3, 0);
  auto res = tls.Get("/-/healthy");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
}

// A TLS handshake must finish within --web.read-timeout, whether the client
// sent nothing or stopped in the middle of its ClientHello.
TEST_F(WebConfigTest, TlsHandshakesAreBoundedByTheReadTimeout) {
  MakeCertificate();
  read_timeout_seconds_ = 2;
  StartWith("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
  RawConnection silent(port_);
  RawConnection stalled(port_);
  ASSERT_TRUE(stalled.Send(std::string("\x16\x03\x01\x02\x00\x01", 6)));  // 512 bytes announced
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.ClosedWithin(std::chrono::seconds(10)));
  EXPECT_TRUE(stalled.ClosedWithin(std::chrono::seconds(10)));
  std::printf("half-done handshakes closed after %.1f s (read timeout 2 s)\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  httplib::SSLClient tls("127.0.0.1", port_);
  tls.set_ca_cert_path(dir_.File("server.crt").c_str());
  tls.enable_server_certificate_verification(true);
  auto metrics = tls.Get("/metrics");
  ASSERT_TRUE(metrics) << httplib::to_string(metrics.error());
  EXPECT_NE(
      metrics->body.find("heartbeat_exporter_http_requests_timed_out_total{phase=\"handshake\"} 2"),
      std::string::npos);
}

// A client that completed the handshake and then sends nothing (a pooled
// keep-alive connection, or one that never asks) holds no worker: with two
// workers and forty such connections a new client is still answered.
TEST_F(WebConfigTest, IdleTlsConnectionsHoldNoWorker) {
  MakeCertificate();
  worker_threads_ = 2;
  StartWith("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_client_method()),
                                                            SSL_CTX_free);
  struct Session {
    std::unique_ptr<RawConnection> socket;
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl{nullptr, SSL_free};
  };
  std::vector<Session> idle(40);
  for (Session& session : idle) {
    session.socket = std::make_unique<RawConnection>(port_);
    session.ssl.reset(SSL_new(context.get()));
    SSL_set_fd(session.ssl.get(), session.socket->fd());
    ASSERT_EQ(SSL_connect(session.ssl.get()), 1) << "handshake";
  }
  // Half of them also had a request answered and now sit in keep-alive.
  for (std::size_t i = 0; i < idle.size(); i += 2) {
    const std::string request = "GET /-/healthy HTTP/1.1\r\nHost: t\r\n\r\n";
    ASSERT_GT(SSL_write(idle[i].ssl.get(), request.data(), static_cast<int>(request.size())), 0);
    char answer[512];
    ASSERT_GT(SSL_read(idle[i].ssl.get(), answer, sizeof(answer)), 0);
  }
  httplib::SSLClient fresh("127.0.0.1", port_);
  fresh.set_ca_cert_path(dir_.File("server.crt").c_str());
  fresh.enable_server_certificate_verification(true);
  fresh.set_read_timeout(3, 0);  // far below the 10 s a worker per connection would need
  auto res = fresh.Get("/-/healthy");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  // The server finishes its side of the last handshakes on its own time.
  bool all_idle = false;
  for (int i = 0; i < 100 && !all_idle; ++i) {
    auto metrics = fresh.Get("/metrics");
    ASSERT_TRUE(metrics);
    all_idle = metrics->body.find("heartbeat_exporter_http_connections{state=\"idle\"} 40") !=
               std::string::npos;
    if (!all_idle) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(all_idle) << "the forty sessions wait in the event loop as idle connections";
}

TEST(WebConfigFileTest, ErrorsNameFileLineAndKey) {
  TempDir dir;
  std::ofstream(dir.File("bad.yml"))
      << "tls_server_config:\n  cert_file: a.crt\n  min_version: TLS13\n";
  try {
    LoadWebConfig(dir.File("bad.yml"));
    FAIL() << "accepted an unsupported key";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("bad.yml:3: tls_server_config.min_version"),
              std::string::npos)
        << error.what();
  }
  std::ofstream(dir.File("plain.yml")) << "basic_auth_users:\n  bob: plaintext\n";
  EXPECT_THROW(LoadWebConfig(dir.File("plain.yml")), std::runtime_error);
  std::ofstream(dir.File("missing.yml"))
      << "tls_server_config:\n  cert_file: x.crt\n  key_file: x.key\n";
  EXPECT_THROW(LoadWebConfig(dir.File("missing.yml")), std::runtime_error);
}

// Found by fuzz/http/web_config_fuzz.cpp: a list as a key gave yaml-cpp's
// "bad conversion", naming neither file nor line.
TEST(WebConfigFileTest, KeysThatAreNotStringsAreRefusedWithFileAndLine) {
  TempDir dir;
  const std::pair<const char*, const char*> cases[] = {
      {"top.yml", "? [a, b]\n: x\n"},
      {"tls.yml", "tls_server_config:\n  ? {a: b}\n  : x\n"},
      {"users.yml", "basic_auth_users:\n  ? [bob]\n  : $2y$10$x\n"},
  };
  for (const auto& [name, text] : cases) {
    std::ofstream(dir.File(name)) << text;
    try {
      LoadWebConfig(dir.File(name));
      ADD_FAILURE() << name << ": accepted";
    } catch (const std::runtime_error& error) {
      EXPECT_NE(std::string(error.what()).find(std::string(name) + ":"), std::string::npos)
          << error.what();
      EXPECT_NE(std::string(error.what()).find("keys must be plain strings"), std::string::npos)
          << error.what();
    }
  }
}

TEST_F(WebConfigTest, GuessingPasswordsIsThrottledPerAddressWithRetryAfter) {
  StartWith("basic_auth_users:\n  prometheus: '" + Bcrypt("s3cret") + "'\n");
  const httplib::Headers right = {{"Authorization", "Basic " + Base64("prometheus:s3cret")}};
  EXPECT_EQ(client_->Get("/metrics", right)->status, 200) << "verified once, then cached";
  int denied = 0;
  int throttled = 0;
  std::string retry_after;
  for (int i = 0; i < 30; ++i) {
    const std::string guess = i % 2 ? "prometheus:guess" + std::to_string(i) : "nobody:guess";
    auto res = client_->Get("/metrics", {{"Authorization", "Basic " + Base64(guess)}});
    ASSERT_TRUE(res);
    if (res->status == 401) ++denied;
    if (res->status == 429) {
      ++throttled;
      retry_after = res->get_header_value("Retry-After");
      EXPECT_NE(res->body.find("too many failed logins"), std::string::npos) << res->body;
    }
  }
  // The burst is 10 failures, refilled at one a second: however slow this
  // machine is, 30 guesses take far less than 20 s, so most are refused unheard.
  EXPECT_GE(denied, 10);
  EXPECT_GE(throttled, 10);
  EXPECT_FALSE(retry_after.empty());
  EXPECT_EQ(client_->Get("/metrics", right)->status, 200) << "known credentials still get in";
}

TEST(BasicAuthenticatorTest, AnUnknownUserIsDeniedEvenWithAConfiguredPassword) {
  BasicAuthenticator auth({{"prometheus", Bcrypt("s3cret")}});
  using Outcome = BasicAuthenticator::Outcome;
  EXPECT_EQ(auth.Check("Basic " + Base64("prometheus:s3cret"), "a").outcome, Outcome::kAllowed);
  // The dummy check runs against a configured hash: its password must not open it.
  EXPECT_EQ(auth.Check("Basic " + Base64("intruder:s3cret"), "a").outcome, Outcome::kDenied);
  EXPECT_EQ(auth.Check("Basic " + Base64("prometheus:wrong"), "a").outcome, Outcome::kDenied);
  EXPECT_EQ(auth.Check("Bearer x", "a").outcome, Outcome::kDenied);
  EXPECT_EQ(auth.Check("Basic !!!", "a").outcome, Outcome::kDenied);
  EXPECT_EQ(auth.Check("Basic " + Base64("no-colon"), "a").outcome, Outcome::kDenied);
}

TEST(LoginThrottleTest, ABurstThenOneFailurePerRefillPerAddress) {
  LoginThrottle throttle(3, std::chrono::seconds(2), 100);
  const auto t0 = LoginThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.RetryAfter("a", t0), 0);
    throttle.RecordFailure("a", t0);
  }
  EXPECT_EQ(throttle.RetryAfter("a", t0), 2);
  EXPECT_EQ(throttle.RetryAfter("b", t0), 0) << "other addresses are not affected";
  EXPECT_EQ(throttle.RetryAfter("a", t0 + std::chrono::seconds(1)), 1);
  EXPECT_EQ(throttle.RetryAfter("a", t0 + std::chrono::seconds(2)), 0);
  throttle.RecordFailure("a", t0 + std::chrono::seconds(2));
  EXPECT_EQ(throttle.RetryAfter("a", t0 + std::chrono::seconds(2)), 2);
}

TEST(LoginThrottleTest, MemoryIsBoundedByForgettingRefilledAddresses) {
  LoginThrottle throttle(1, std::chrono::seconds(1), 4);
  const auto t0 = LoginThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 4; ++i) throttle.RecordFailure("old" + std::to_string(i), t0);
  const auto later = t0 + std::chrono::seconds(5);
  throttle.RecordFailure("new", later);  // the refilled four are forgotten
  EXPECT_EQ(throttle.RetryAfter("new", later), 1);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(throttle.RetryAfter("old" + std::to_string(i), later), 0);
}

}  // namespace
}  // namespace heartbeat::testing
