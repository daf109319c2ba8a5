// Declared applications (--config.file) on a live in-process server: start, reload through
// POST /-/reload, bad reloads, read-only management, tokens from files and the environment.
#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

using nlohmann::json;

// Tokens are fixed so the test can look for them in logs and error sentences.
constexpr const char* kNightlyToken = "nightly-token-from-file-3f9a1c";
constexpr const char* kNightlyToken2 = "nightly-token-rotated-in-file-77b2";
constexpr const char* kSyncToken = "sync-token-from-env-8d41e0";
constexpr const char* kReportToken = "report-token-from-env-c2a9f7";
constexpr const char* kWeeklyToken = "weekly-token-from-env-51be3d";

constexpr const char* kInitialConfig = R"(applications:
  - name: nightly-backup
    team: platform
    schedule: "30 2 * * *"
    timezone: Europe/Zurich
    grace: 1h
    token_file: tokens/nightly-backup
  - name: sync-photos
    interval: 6h
    grace: 30m
    token_env: RELOAD_TEST_SYNC_TOKEN
  - name: old-report
    interval: 1d
    token_env: RELOAD_TEST_REPORT_TOKEN
)";

// Redirects this process's stderr (where the log goes) into a file while alive.
class StderrCapture {
 public:
  explicit StderrCapture(const std::string& path) : path_(path) {
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDERR_FILENO);
    close(fd);
  }
  ~StderrCapture() { Restore(); }

  // Stops capturing and returns everything written meanwhile.
  std::string Finish() {
    Restore();
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
    saved_ = -1;
  }

  std::string path_;
  int saved_ = -1;
};

class ConfigReloadTest : public ServerTest {
 protected:
  void SetUp() override {
    setenv("RELOAD_TEST_SYNC_TOKEN", kSyncToken, 1);
    setenv("RELOAD_TEST_REPORT_TOKEN", kReportToken, 1);
    setenv("RELOAD_TEST_WEEKLY_TOKEN", kWeeklyToken, 1);
    std::filesystem::create_directories(dir_.path() / "tokens");
    // A trailing newline, as `echo token > file` leaves it: it is not part of the token.
    WriteFile("tokens/nightly-backup", std::string(kNightlyToken) + "\n");
    WriteFile("heartbeat.yaml", kInitialConfig);
    ServerTest::SetUp();
  }

  void TearDown() override {
    ServerTest::TearDown();
    for (const char* name :
         {"RELOAD_TEST_SYNC_TOKEN", "RELOAD_TEST_REPORT_TOKEN", "RELOAD_TEST_WEEKLY_TOKEN"}) {
      unsetenv(name);
    }
  }

  void Customize(ExporterOptions& options) override { options.config_file = ConfigPath(); }

  std::string ConfigPath() const { return dir_.File("heartbeat.yaml"); }

  void WriteFile(const std::string& name, const std::string& text) {
    std::ofstream(dir_.File(name), std::ios::trunc) << text;
  }

  // POST /-/reload: status and body.
  std::pair<int, std::string> Reload() {
    auto res = client_->Post("/-/reload", "", "");
    EXPECT_TRUE(res);
    if (!res) return {0, ""};
    return {res->status, res->body};
  }

  int Ping(const std::string& token) {
    auto res = client_->Get(("/ping/" + token).c_str());
    return res ? res->status : 0;
  }

  std::set<std::string> Names() {
    auto res = client_->Get("/checks");
    EXPECT_TRUE(res && res->status == 200);
    std::set<std::string> names;
    if (!res) return names;
    for (const json& check : json::parse(res->body)) names.insert(check["application"]);
    return names;
  }

  json Signals(const std::string& name) {
    auto res = client_->Get(("/api/v1/applications/" + name + "/signals").c_str(), Admin());
    EXPECT_TRUE(res && res->status == 200);
    return res ? json::parse(res->body) : json();
  }

  bool MetricsHave(const std::string& line) {
    return Metrics().find(line + "\n") != std::string::npos;
  }

  static std::string Seconds(const std::string& utc) {
    return std::to_string(ToMillis(Utc(utc)) / 1000);
  }
};

TEST_F(ConfigReloadTest, StartCreatesDeclaredApplicationsWithTokensFromFileAndEnv) {
  EXPECT_EQ(Names(), (std::set<std::string>{"nightly-backup", "old-report", "sync-photos"}));
  json nightly = Check("nightly-backup");
  EXPECT_EQ(nightly["declared"], true);
  EXPECT_EQ(nightly["team"], "platform");
  EXPECT_EQ(nightly["schedule"], "30 2 * * *");
  EXPECT_EQ(nightly["timezone"], "Europe/Zurich");
  EXPECT_EQ(nightly["grace"], 3600);
  EXPECT_EQ(nightly["state"], "new");
  // Created 2026-06-01 12:00Z; the next 02:30 in Zurich (CEST) is 00:30Z.
  EXPECT_EQ(nightly["deadline"], "2026-06-02T00:30:00.000Z");

  EXPECT_EQ(Ping(kNightlyToken), 200) << "token_file, trailing newline trimmed";
  EXPECT_EQ(Ping(kSyncToken), 200) << "token_env";
  EXPECT_EQ(Ping(kReportToken), 200);
  EXPECT_EQ(Check("nightly-backup")["state"], "ok");
  EXPECT_EQ(Check("sync-photos")["state"], "ok");
  EXPECT_EQ(Check("sync-photos")["deadline"], "2026-06-01T18:00:00.000Z");

  const std::string labels = "{application=\"nightly-backup\",team=\"platform\"}";
  EXPECT_TRUE(MetricsHave("heartbeat_deadline_timestamp_seconds" + labels + " " +
                          Seconds("2026-06-02 00:30:00")));
  EXPECT_TRUE(MetricsHave("heartbeat_grace_seconds" + labels + " 3600"));
  EXPECT_TRUE(MetricsHave("heartbeat_exporter_config_last_reload_successful 1"));

  // Late at the deadline, outdated one grace later, on the injected clock.
  clock_.Set(Utc("2026-06-02 00:30:00"));
  EXPECT_EQ(Check("nightly-backup")["state"], "late");
  clock_.Set(Utc("2026-06-02 01:30:00"));
  EXPECT_EQ(Check("nightly-backup")["state"], "outdated");
}

TEST_F(ConfigReloadTest, ReloadChangesTheRunningSetAndKeepsHistory) {
  const std::string manual_token = CreateApp({{"name", "manual"}, {"interval", "1h"}});
  ASSERT_EQ(Ping(kNightlyToken), 200);
  clock_.Advance(std::chrono::minutes(1));
  ASSERT_EQ(Ping(kNightlyToken), 200);
  ASSERT_EQ(Ping(kSyncToken), 200);
  ASSERT_EQ(Ping(manual_token), 200);
  ASSERT_EQ(Signals("nightly-backup").size(), 2u);

  WriteFile("heartbeat.yaml", R"(applications:
  - name: nightly-backup
    team: storage
    schedule: "30 2 * * *"
    timezone: Europe/Zurich
    grace: 2h
    token_file: tokens/nightly-backup
  - name: sync-photos
    interval: 6h
    grace: 30m
    token_env: RELOAD_TEST_SYNC_TOKEN
  - name: weekly-report
    team: finance
    schedule: "@weekly"
    token_env: RELOAD_TEST_WEEKLY_TOKEN
)");
  const auto [status, body] = Reload();
  EXPECT_EQ(status, 200) << body;
  EXPECT_EQ(json::parse(body), (json{{"status", "reloaded"}}));

  EXPECT_EQ(Names(),
            (std::set<std::string>{"manual", "nightly-backup", "sync-photos", "weekly-report"}));
  const json nightly = Check("nightly-backup");
  EXPECT_EQ(nightly["team"], "storage");
  EXPECT_EQ(nightly["grace"], 7200);
  EXPECT_EQ(nightly["signals_total"], 2);
  EXPECT_EQ(nightly["state"], "ok");
  EXPECT_EQ(nightly["check_in"], "2026-06-01T12:01:00.000Z");
  EXPECT_EQ(Signals("nightly-backup").size(), 2u) << "history survives the reload";
  EXPECT_EQ(Check("sync-photos")["signals_total"], 1);
  EXPECT_TRUE(
      MetricsHave("heartbeat_signals_total{application=\"nightly-backup\",team=\"storage\"} 2"));
  EXPECT_TRUE(
      MetricsHave("heartbeat_grace_seconds{application=\"nightly-backup\",team=\"storage\"} 7200"));
  EXPECT_EQ(Metrics().find("team=\"platform\""), std::string::npos) << "no stale series";
  EXPECT_EQ(Metrics().find("old-report"), std::string::npos);

  // The removed application's token is gone; the new one's works; the kept ones still do.
  EXPECT_EQ(Ping(kReportToken), 404);
  EXPECT_EQ(Ping(kWeeklyToken), 200);
  EXPECT_EQ(Check("weekly-report")["declared"], true);
  EXPECT_EQ(Check("weekly-report")["team"], "finance");
  EXPECT_EQ(Ping(kNightlyToken), 200);
  EXPECT_EQ(Check("nightly-backup")["signals_total"], 3);

  // The API-created application is untouched.
  const json manual = Check("manual");
  EXPECT_EQ(manual["declared"], false);
  EXPECT_EQ(manual["signals_total"], 1);
  EXPECT_EQ(Ping(manual_token), 200);
  EXPECT_TRUE(MetricsHave("heartbeat_exporter_config_last_reload_successful 1"));

  // A new token in the token file replaces the old one on the next reload.
  WriteFile("tokens/nightly-backup", kNightlyToken2);
  EXPECT_EQ(Reload().first, 200);
  EXPECT_EQ(Ping(kNightlyToken), 404);
  EXPECT_EQ(Ping(kNightlyToken2), 200);
  EXPECT_EQ(Check("nightly-backup")["signals_total"], 4);
}

TEST_F(ConfigReloadTest, RenamingAnApplicationKeepsItsTokenWorking) {
  // old-report becomes report, with the same token: the old one must go before
  // the new one can take its token.
  WriteFile("heartbeat.yaml",
            std::string(kInitialConfig)
                .replace(std::string(kInitialConfig).find("old-report"), 10, "report"));
  const auto [status, body] = Reload();
  EXPECT_EQ(status, 200) << body;
  EXPECT_EQ(Names(), (std::set<std::string>{"nightly-backup", "report", "sync-photos"}));
  EXPECT_EQ(Ping(kReportToken), 200);
  EXPECT_EQ(Check("report")["signals_total"], 1);
  EXPECT_TRUE(MetricsHave("heartbeat_exporter_config_last_reload_successful 1"));
}

TEST_F(ConfigReloadTest, BadReloadKeepsTheRunningConfigAndReportsFileAndLine) {
  ASSERT_EQ(Ping(kNightlyToken), 200);
  const std::set<std::string> before = Names();
  StderrCapture log(dir_.File("stderr.log"));

  struct Case {
    std::string text;
    std::string expected;  // the sentence must contain this
  };
  const std::string file = ConfigPath();
  const std::vector<Case> cases = {
      {"applications:\n  - name: nightly-backup\n    team: [oops\n", file + ":4: invalid YAML: "},
      {std::string(kInitialConfig)
           .replace(std::string(kInitialConfig).find("grace: 1h"), 9, "grace: 1x"),
       file + ":6: applications[0].grace: "},
      {std::string(kInitialConfig)
           .replace(std::string(kInitialConfig).find("RELOAD_TEST_SYNC_TOKEN"), 22,
                    "RELOAD_TEST_UNSET_TOKEN"),
       file + ":11: applications[1].token_env: environment variable \"RELOAD_TEST_UNSET_TOKEN\""},
      {std::string(kInitialConfig) + "  - name: nightly-backup\n    interval: 1h\n",
       file + ":15: applications[3].name: \"nightly-backup\" is already declared at line 2"},
      {std::string(kInitialConfig)
           .replace(std::string(kInitialConfig).find("Europe/Zurich"), 13, "Mars/Base"),
       file + ":5: applications[0].timezone: unknown time zone \"Mars/Base\""},
  };
  for (const Case& bad : cases) {
    WriteFile("heartbeat.yaml", bad.text);
    const auto [status, body] = Reload();
    EXPECT_EQ(status, 500) << body;
    const std::string sentence = json::parse(body).value("error", "");
    EXPECT_NE(sentence.find("the running config is kept"), std::string::npos) << sentence;
    EXPECT_NE(sentence.find(bad.expected), std::string::npos) << sentence;
    for (const char* token : {kNightlyToken, kSyncToken, kReportToken}) {
      EXPECT_EQ(sentence.find(token), std::string::npos) << sentence;
    }
    EXPECT_EQ(Names(), before);
    EXPECT_EQ(Check("nightly-backup")["team"], "platform");
    EXPECT_EQ(Check("nightly-backup")["grace"], 3600);
    EXPECT_TRUE(MetricsHave("heartbeat_exporter_config_last_reload_successful 0"));
    EXPECT_EQ(Ping(kNightlyToken), 200) << "the running tokens keep working";
  }

  WriteFile("heartbeat.yaml", kInitialConfig);
  EXPECT_EQ(Reload().first, 200);
  EXPECT_TRUE(MetricsHave("heartbeat_exporter_config_last_reload_successful 1"));
  EXPECT_EQ(Check("nightly-backup")["signals_total"], 1 + static_cast<int>(cases.size()));

  const std::string logged = log.Finish();
  EXPECT_NE(logged.find("config reload failed"), std::string::npos) << logged;
  EXPECT_NE(logged.find("config file reloaded"), std::string::npos) << logged;
  for (const char* token : {kNightlyToken, kSyncToken, kReportToken, kWeeklyToken}) {
    EXPECT_EQ(logged.find(token), std::string::npos) << "token in the log:\n" << logged;
  }
}

TEST_F(ConfigReloadTest, AReloadWhoseCommitFailsHalfWayChangesNothing) {
  ASSERT_EQ(Ping(kReportToken), 200);
  {
    // The commit fails on the second application's update, after the first one's.
    SQLite::Database db(dir_.File("data/heartbeat.db"), SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER fail_reload BEFORE UPDATE OF team ON applications "
        "WHEN NEW.name = 'sync-photos' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
  const std::string changed =
      std::regex_replace(std::string(kInitialConfig), std::regex("interval: 6h\n"),
                         "interval: 6h\n    team: media\n") +
      "  - name: weekly-report\n    schedule: \"@weekly\"\n    token_env: "
      "RELOAD_TEST_WEEKLY_TOKEN\n";
  WriteFile("heartbeat.yaml",
            std::regex_replace(changed, std::regex("team: platform"), "team: storage"));
  StderrCapture log(dir_.File("stderr.log"));
  const auto [status, body] = Reload();
  EXPECT_EQ(status, 500) << body;
  EXPECT_NE(body.find("injected failure"), std::string::npos) << body;
  EXPECT_EQ(Check("nightly-backup")["team"], "platform") << "the first update was rolled back";
  EXPECT_EQ(Check("sync-photos")["team"], "");
  EXPECT_EQ(Names(), (std::set<std::string>{"nightly-backup", "sync-photos", "old-report"}));
  EXPECT_EQ(Ping(kWeeklyToken), 404);
  EXPECT_TRUE(MetricsHave("heartbeat_exporter_config_last_reload_successful 0"));
  EXPECT_EQ(Ping(kReportToken), 200) << "signals go on";
  const std::string logged = log.Finish();
  EXPECT_NE(logged.find("keeping the running config"), std::string::npos) << logged;

  {
    SQLite::Database db(dir_.File("data/heartbeat.db"), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER fail_reload");
  }
  EXPECT_EQ(Reload().first, 200);
  EXPECT_EQ(Check("nightly-backup")["team"], "storage");
  EXPECT_EQ(Check("sync-photos")["team"], "media");
  EXPECT_EQ(Ping(kWeeklyToken), 200);
  EXPECT_EQ(Check("old-report")["signals_total"], 2);
}

TEST_F(ConfigReloadTest, ATokenTakenByAnApiApplicationFailsTheWholeReload) {
  const std::string manual_token = CreateApp({{"name", "manual"}, {"interval", "1h"}});
  setenv("RELOAD_TEST_WEEKLY_TOKEN", manual_token.c_str(), 1);
  WriteFile("heartbeat.yaml", std::string(kInitialConfig) + R"(  - name: weekly-report
    schedule: "@weekly"
    token_env: RELOAD_TEST_WEEKLY_TOKEN
  - name: aaa-first
    interval: 1h
)");
  const auto [status, body] = Reload();
  EXPECT_EQ(status, 500) << body;
  const std::string sentence = json::parse(body).value("error", "");
  EXPECT_NE(sentence.find(ConfigPath() + ":15: "), std::string::npos) << sentence;
  EXPECT_NE(sentence.find("\"manual\""), std::string::npos) << sentence;
  EXPECT_EQ(sentence.find(manual_token), std::string::npos) << sentence;
  // Nothing of the file was applied, not even the entries before or after the bad one.
  EXPECT_EQ(Names(),
            (std::set<std::string>{"manual", "nightly-backup", "old-report", "sync-photos"}));
  EXPECT_TRUE(MetricsHave("heartbeat_exporter_config_last_reload_successful 0"));
  EXPECT_EQ(Ping(manual_token), 200);
  EXPECT_EQ(Check("manual")["signals_total"], 1);
}

TEST_F(ConfigReloadTest, TwoDeclaredApplicationsCannotShareAToken) {
  WriteFile("heartbeat.yaml", std::string(kInitialConfig) + R"(  - name: copy
    interval: 1h
    token_env: RELOAD_TEST_SYNC_TOKEN
)");
  const auto [status, body] = Reload();
  EXPECT_EQ(status, 500) << body;
  const std::string sentence = json::parse(body).value("error", "");
  EXPECT_NE(sentence.find(ConfigPath() + ":15: "), std::string::npos) << sentence;
  EXPECT_NE(sentence.find("\"sync-photos\""), std::string::npos) << sentence;
  EXPECT_EQ(sentence.find(kSyncToken), std::string::npos) << sentence;
  EXPECT_EQ(Names(), (std::set<std::string>{"nightly-backup", "old-report", "sync-photos"}));
}

TEST_F(ConfigReloadTest, DeclaringAnApiApplicationTakesItOverWithItsHistory) {
  const std::string manual_token = CreateApp({{"name", "manual"}, {"interval", "1h"}});
  ASSERT_EQ(Ping(manual_token), 200);
  WriteFile("heartbeat.yaml", std::string(kInitialConfig) + "  - name: manual\n    interval: 2h\n");
  const auto [status, body] = Reload();
  EXPECT_EQ(status, 200) << body;
  const json manual = Check("manual");
  EXPECT_EQ(manual["declared"], true);
  EXPECT_EQ(manual["interval"], 7200);
  EXPECT_EQ(manual["signals_total"], 1);
  EXPECT_EQ(Ping(manual_token), 200) << "no token in the file: the stored one stays";
  EXPECT_EQ(client_->Delete("/api/v1/applications/manual", Admin())->status, 409);
}

TEST_F(ConfigReloadTest, DeclaredApplicationsAreReadOnlyButCanBePaused) {
  const std::string app = "/api/v1/applications/nightly-backup";
  std::vector<httplib::Result> refused;
  refused.push_back(client_->Patch(app.c_str(), Admin(), R"({"team":"x"})", "application/json"));
  refused.push_back(client_->Delete(app.c_str(), Admin()));
  refused.push_back(client_->Post((app + "/token").c_str(), Admin(), "", "application/json"));
  for (const auto& res : refused) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 409) << res->body;
    const std::string sentence = json::parse(res->body).value("error", "");
    EXPECT_NE(sentence.find("declared in the config file " + ConfigPath()), std::string::npos)
        << sentence;
    EXPECT_NE(sentence.find("reload"), std::string::npos) << sentence;
  }
  EXPECT_EQ(Check("nightly-backup")["team"], "platform");
  EXPECT_EQ(Ping(kNightlyToken), 200) << "the refused rotation kept the token";

  auto paused = client_->Post((app + "/pause").c_str(), Admin(), "", "application/json");
  ASSERT_TRUE(paused);
  EXPECT_EQ(paused->status, 200) << paused->body;
  EXPECT_EQ(Check("nightly-backup")["state"], "paused");

  // A reload that changes the application keeps the operator's pause.
  WriteFile("heartbeat.yaml",
            std::string(kInitialConfig)
                .replace(std::string(kInitialConfig).find("grace: 1h"), 9, "grace: 3h"));
  ASSERT_EQ(Reload().first, 200);
  EXPECT_EQ(Check("nightly-backup")["grace"], 3 * 3600);
  EXPECT_EQ(Check("nightly-backup")["state"], "paused");

  auto resumed = client_->Post((app + "/resume").c_str(), Admin(), "", "application/json");
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->status, 200) << resumed->body;
  EXPECT_EQ(Check("nightly-backup")["state"], "ok");
}

TEST_F(ConfigReloadTest, ManualResumeFromTheFileKeepsAPausedApplicationPausedOnSignals) {
  WriteFile("heartbeat.yaml", std::string(kInitialConfig) + "    manual_resume: true\n");
  ASSERT_EQ(Reload().first, 200);
  ASSERT_EQ(Check("old-report")["manual_resume"], true);
  ASSERT_EQ(client_->Post("/api/v1/applications/old-report/pause", Admin(), "", "")->status, 200);
  ASSERT_EQ(client_->Post("/api/v1/applications/sync-photos/pause", Admin(), "", "")->status, 200);
  EXPECT_EQ(Ping(kReportToken), 200);
  EXPECT_EQ(Ping(kSyncToken), 200);
  EXPECT_EQ(Check("old-report")["state"], "paused") << "manual_resume";
  EXPECT_EQ(Check("old-report")["signals_total"], 1) << "the signal is still recorded";
  EXPECT_EQ(Check("sync-photos")["state"], "ok") << "a signal resumes it";
}

TEST(ConfigStartupTest, ABadFileStopsTheStartWithFileLineAndField) {
  TempDir dir;
  const std::string path = dir.File("heartbeat.yaml");
  std::ofstream(path) << "applications:\n  - name: backup\n    interval: soon\n";
  ExporterOptions options;
  options.listen_address = "127.0.0.1:0";
  options.storage_path = dir.File("data/heartbeat.db");
  options.config_file = path;
  ManualTimeSource clock(Utc("2026-06-01 12:00:00"));
  try {
    Exporter exporter(options, clock);
    ADD_FAILURE() << "a bad config file must stop the start";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find(path + ":3: applications[0].interval: "),
              std::string::npos)
        << error.what();
  }

  std::ofstream(path, std::ios::trunc) << "applications:\n  - name: backup\n    token_env: "
                                          "RELOAD_TEST_NEVER_SET\n";
  unsetenv("RELOAD_TEST_NEVER_SET");
  EXPECT_THROW(
      {
        try {
          Exporter exporter(options, clock);
        } catch (const std::exception& error) {
          EXPECT_NE(std::string(error.what()).find(path + ":3: applications[0].token_env: "),
                    std::string::npos)
              << error.what();
          throw;
        }
      },
      std::exception);
}

}  // namespace
}  // namespace heartbeat::testing
