// healthchecks.io's ping protocol end to end, with bodies, runs and history.
#include <thread>

#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

class PingApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    token_ = CreateApp({{"name", "sync"}, {"interval", "6h"}, {"grace", "30m"}});
  }

  json History(int limit = 100) {
    auto res = client_->Get(
        ("/api/v1/applications/sync/signals?limit=" + std::to_string(limit)).c_str(), Admin());
    EXPECT_TRUE(res && res->status == 200);
    return res ? json::parse(res->body) : json();
  }

  std::string Body(long long id) {
    auto res = client_->Get(
        ("/api/v1/applications/sync/signals/" + std::to_string(id) + "/body").c_str(), Admin());
    EXPECT_TRUE(res && res->status == 200);
    return res ? res->body : "";
  }

  std::string Url(const std::string& suffix = "") { return "/ping/" + token_ + suffix; }

  std::string token_;
};

TEST_F(PingApiTest, EveryMethodAnswersOkWithTheBodyLimit) {
  auto get = client_->Get(Url().c_str());
  auto head = client_->Head(Url().c_str());
  auto post = client_->Post(Url().c_str(), "", "text/plain");
  for (const auto* res : {&get, &head, &post}) {
    ASSERT_TRUE(*res);
    EXPECT_EQ((*res)->status, 200);
    EXPECT_EQ((*res)->get_header_value("Ping-Body-Limit"), "102400");
  }
  EXPECT_EQ(get->body, "OK");
  EXPECT_EQ(post->body, "OK");
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(Check("sync")["signals_total"], 3);
}

TEST_F(PingApiTest, EveryActionMapsToItsSignal) {
  EXPECT_EQ(client_->Get(Url("/start").c_str())->status, 200);
  EXPECT_EQ(client_->Get(Url("/log").c_str())->status, 200);
  EXPECT_EQ(client_->Get(Url("/fail").c_str())->status, 200);
  EXPECT_EQ(Check("sync")["state"], "fail");
  EXPECT_EQ(client_->Get(Url("/0").c_str())->status, 200);
  EXPECT_EQ(Check("sync")["state"], "ok");
  EXPECT_EQ(client_->Get(Url("/255").c_str())->status, 200);
  EXPECT_EQ(Check("sync")["state"], "fail");
  const json history = History();
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[0]["kind"], "fail");
  EXPECT_EQ(history[0]["exit_status"], 255);
  EXPECT_EQ(history[1]["kind"], "ok");
  EXPECT_EQ(history[1]["exit_status"], 0);
  EXPECT_EQ(history[2]["kind"], "fail");
  EXPECT_EQ(history[3]["kind"], "log");
  EXPECT_EQ(history[4]["kind"], "start");
  EXPECT_EQ(Check("sync")["signals_total"], 3) << "start and log are not completions";
}

TEST_F(PingApiTest, ErrorsAnswerLikeHealthchecks) {
  auto over = client_->Get(Url("/256").c_str());
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 400);
  EXPECT_EQ(over->body, "invalid url format");
  auto huge = client_->Get(Url("/99999999999999999999").c_str());
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 400);
  auto rid = client_->Get(Url("?rid=not-a-uuid").c_str());
  ASSERT_TRUE(rid);
  EXPECT_EQ(rid->status, 400);
  EXPECT_EQ(rid->body, "invalid uuid format");
  auto unknown = client_->Get("/ping/no-such-token");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->body, "not found");
  EXPECT_EQ(unknown->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  auto action = client_->Get(Url("/restart").c_str());
  ASSERT_TRUE(action);
  EXPECT_EQ(action->status, 404);
  EXPECT_EQ(action->body, "not found");
  EXPECT_EQ(Check("sync")["signals_total"], 0) << "no error recorded anything";
}

TEST_F(PingApiTest, FormEncodedBodyIsStoredRaw) {
  const std::string log = "a=1&b=2&c==&%41%42 + done\n";
  auto res = client_->Post(Url().c_str(), log, "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const json history = History();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0]["body_size"], log.size());
  EXPECT_EQ(Body(history[0]["id"]), log);
}

TEST_F(PingApiTest, BinaryAndInvalidUtf8BodiesAreKeptByteForByte) {
  std::string body;
  for (int i = 0; i < 256; ++i) body.push_back(static_cast<char>(i));
  body += "\xff\xfe\xc3\x28";
  ASSERT_EQ(client_->Post(Url("/log").c_str(), body, "application/octet-stream")->status, 200);
  EXPECT_EQ(Body(History()[0]["id"]), body);
}

TEST_F(PingApiTest, BodiesAreTailTruncatedAtTheLimitNeverRejected) {
  const std::size_t limit = 100 * 1024;
  std::string exact(limit, 'x');
  exact.back() = 'E';
  std::string over = "H" + std::string(limit, 'y');
  std::string huge(10 * 1024 * 1024, 'z');
  huge.replace(huge.size() - 4, 4, "TAIL");
  for (const std::string* body : {&exact, &over, &huge}) {
    auto res = client_->Post(Url().c_str(), *body, "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << body->size();
  }
  const json history = History();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(Body(history[2]["id"]), exact) << "exactly the limit is kept whole";
  EXPECT_EQ(Body(history[1]["id"]), over.substr(1)) << "one byte over loses the first byte";
  const std::string kept = Body(history[0]["id"]);
  EXPECT_EQ(kept.size(), limit);
  EXPECT_EQ(kept.substr(kept.size() - 4), "TAIL") << "the tail of a log is what is kept";
}

TEST_F(PingApiTest, StartThenCompletionGivesTheDuration) {
  client_->Get(Url("/start").c_str());
  clock_.Advance(std::chrono::seconds(95));
  client_->Get(Url().c_str());
  const json check = Check("sync");
  EXPECT_EQ(check["last_duration_seconds"], 95.0);
  EXPECT_NE(Metrics().find("heartbeat_last_duration_seconds{application=\"sync\",team=\"\"} 95\n"),
            std::string::npos);
}

TEST_F(PingApiTest, RunStillGoingPastGraceIsOverdue) {
  client_->Get(Url().c_str());
  clock_.Advance(std::chrono::minutes(10));
  client_->Get(Url("/start").c_str());
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_EQ(Check("sync")["state"], "ok");
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_EQ(Check("sync")["state"], "outdated") << "started 31 min ago with 30 min grace";
  client_->Get(Url().c_str());
  EXPECT_EQ(Check("sync")["state"], "ok");
}

TEST_F(PingApiTest, TwoHundredParallelRunsPairByRid) {
  constexpr int kRuns = 200;
  auto rid = [](int i) {
    char text[37];
    std::snprintf(text, sizeof(text), "00000000-0000-4000-8000-%012d", i);
    return std::string(text);
  };
  // All runs start; then they complete in reverse order, run i after i+1 seconds.
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port_);
      for (int i = t; i < kRuns; i += 8) {
        auto res = client.Get(Url("/start?rid=" + rid(i)).c_str());
        ASSERT_TRUE(res) << httplib::to_string(res.error());
        EXPECT_EQ(res->status, 200);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = kRuns - 1; i >= 0; --i) {
    clock_.Advance(std::chrono::seconds(1));
    ASSERT_EQ(client_->Get(Url("/0?rid=" + rid(i)).c_str())->status, 200);
  }
  const json history = History(1000);
  ASSERT_EQ(history.size(), 100u) << "retention keeps 100 rows";
  for (const json& row : history) {
    ASSERT_EQ(row["kind"], "ok");
    const int run = std::stoi(row["rid"].get<std::string>().substr(24));
    EXPECT_DOUBLE_EQ(row["duration_seconds"].get<double>(), kRuns - run) << "run " << run;
  }
}

TEST_F(PingApiTest, HistoryRecordsWhoSentIt) {
  client_->Get(Url("/start?rid=6ba7b810-9dad-11d1-80b4-00c04fd430c8").c_str(),
               {{"User-Agent", "runitor/1.2"}});
  const json row = History()[0];
  EXPECT_EQ(row["rid"], "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(row["user_agent"], "runitor/1.2");
  EXPECT_EQ(row["remote_address"], "127.0.0.1");
  EXPECT_EQ(row["time"], "2026-06-01T12:00:00.000Z");
  EXPECT_EQ(row["body_size"], 0);
}

TEST_F(PingApiTest, HistoryLimitIsValidated) {
  for (const char* limit : {"0", "-1", "abc", "10001", ""}) {
    auto res = client_->Get(
        (std::string("/api/v1/applications/sync/signals?limit=") + limit).c_str(), Admin());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << limit;
  }
  auto missing = client_->Get("/api/v1/applications/sync/signals/999999/body", Admin());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

// The route's std::regex recurses per character of the token; the longest
// target httplib reads (8 KiB) must still be answered, not overflow a stack.
TEST_F(PingApiTest, LongestPathIsAnsweredNotFound) {
  for (const std::string& suffix : {std::string(), std::string("/start")}) {
    const std::string path = "/ping/" + std::string(8000, 'a') + suffix;
    auto res = client_->Get(path.c_str());
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 404);
  }
  EXPECT_EQ(client_->Get(Url().c_str())->status, 200);
}

class RetentionTest : public ServerTest {
 protected:
  void Customize(ExporterOptions& options) override { options.retention_signals = 10; }
};

TEST_F(RetentionTest, HoldsUnderSustainedPings) {
  const std::string token = CreateApp({{"name", "busy"}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port_);
      for (int i = 0; i < 250; ++i)
        client.Post(("/ping/" + token).c_str(), "log line", "text/plain");
    });
  }
  for (auto& thread : threads) thread.join();
  auto res = client_->Get("/api/v1/applications/busy/signals?limit=10000", Admin());
  ASSERT_TRUE(res);
  EXPECT_EQ(json::parse(res->body).size(), 10u);
  EXPECT_EQ(Check("busy")["signals_total"], 1000);
}

}  // namespace
}  // namespace heartbeat::testing
