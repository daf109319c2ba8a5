#include "heartbeat/config/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/config_error.h"
#include "common/probe_spec.h"

namespace heartbeat {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

// A private directory for token and config files, removed afterwards.
class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "config_file_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    fs::remove_all(dir_);
    unsetenv("HB_TEST_TOKEN");
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  fs::path dir_;
};

TEST_F(ConfigFileTest, LoadsTheSpecExample) {
  const std::string token_file = WriteFile("nightly-backup", "s3cr3t-file-token\n\n");
  setenv("HB_TEST_TOKEN", "env-token", 1);
  const std::string path = WriteFile("hb.yaml", R"(applications:
  - name: nightly-backup
    team: platform
    schedule: "30 2 * * *"
    timezone: Europe/Zurich
    grace: 1h
    token_file: )" + token_file + R"(   # or token_env: NAME
  - name: sync-photos
    interval: 6h
    grace: 30m
    token_env: HB_TEST_TOKEN
    manual_resume: true
  - name: api
    team: web
    probe:
      url: http://api.default.svc:8080/health   # http, https or tcp://host:port
      interval: 30s
      timeout: 5s
      healthy_threshold: 2
      unhealthy_threshold: 3
)");
  const ConfigFile config = LoadConfigFile(path);
  ASSERT_EQ(config.applications.size(), 3u);

  const DeclaredApplication& backup = config.applications[0];
  EXPECT_EQ(backup.line, 2);
  EXPECT_EQ(backup.spec.name, "nightly-backup");
  EXPECT_EQ(backup.spec.team, "platform");
  EXPECT_EQ(backup.spec.schedule, "30 2 * * *");
  EXPECT_EQ(backup.spec.timezone, "Europe/Zurich");
  EXPECT_EQ(backup.spec.interval, Seconds(0));
  EXPECT_EQ(backup.spec.grace, Seconds(3600));
  EXPECT_FALSE(backup.spec.manual_resume);
  EXPECT_FALSE(backup.spec.probe);
  EXPECT_EQ(backup.token, "s3cr3t-file-token");

  const DeclaredApplication& photos = config.applications[1];
  EXPECT_EQ(photos.line, 8);
  EXPECT_EQ(photos.spec.interval, Seconds(6 * 3600));
  EXPECT_EQ(photos.spec.grace, Seconds(1800));
  EXPECT_EQ(photos.spec.timezone, "UTC");
  EXPECT_TRUE(photos.spec.manual_resume);
  EXPECT_EQ(photos.token, "env-token");

  const DeclaredApplication& api = config.applications[2];
  EXPECT_EQ(api.spec.team, "web");
  EXPECT_EQ(api.token, "");
  ASSERT_TRUE(api.spec.probe);
  EXPECT_EQ(*api.spec.probe, (testing::MakeProbe("http://api.default.svc:8080/health", Seconds(30),
                                                 Seconds(5), 2, 3)));
}

TEST_F(ConfigFileTest, ProbeDefaults) {
  const ConfigFile config = ParseConfigText(
      "applications:\n  - name: db\n    probe:\n      url: tcp://db.internal:5432\n", "hb.yaml");
  ASSERT_EQ(config.applications.size(), 1u);
  EXPECT_EQ(*config.applications[0].spec.probe,
            (testing::MakeProbe("tcp://db.internal:5432", Seconds(30), Seconds(5), 10, 2)));
}

TEST_F(ConfigFileTest, EmptyConfigsDeclareNothing) {
  for (const char* text :
       {"", "\n", "# nothing yet\n", "applications: []\n", "applications:\n", "---\n"}) {
    EXPECT_TRUE(ParseConfigText(text, "hb.yaml").applications.empty()) << text;
  }
}

TEST_F(ConfigFileTest, TokenFileIsRelativeToTheConfigFile) {
  WriteFile("token", "from-relative-path \t\r\n");
  const std::string path =
      WriteFile("hb.yaml", "applications:\n  - name: a\n    token_file: token\n");
  EXPECT_EQ(LoadConfigFile(path).applications.at(0).token, "from-relative-path");
}

TEST_F(ConfigFileTest, TokenErrorsNameTheSourceNeverTheToken) {
  const std::string empty = WriteFile("empty", " \n");
  const std::string two_lines = WriteFile("two-lines", "first-secret\nsecond-secret\n");
  const std::string missing = (dir_ / "missing").string();
  const std::string prefix = "applications:\n  - name: a\n";

  EXPECT_THAT(testing::ConfigErrorOf(prefix + "    token_file: " + missing + "\n"),
              HasSubstr("hb.yaml:3: applications[0].token_file: cannot read token file \"" +
                        missing + "\": No such file or directory"));
  EXPECT_THAT(testing::ConfigErrorOf(prefix + "    token_file: " + dir_.string() + "\n"),
              HasSubstr("it is a directory"));
  EXPECT_THAT(
      testing::ConfigErrorOf(prefix + "    token_file: " + empty + "\n"),
      HasSubstr("hb.yaml:3: applications[0].token_file: token file \"" + empty + "\" is empty"));
  const std::string multi_line =
      testing::ConfigErrorOf(prefix + "    token_file: " + two_lines + "\n");
  EXPECT_THAT(multi_line, HasSubstr("holds more than one line or control characters"));
  EXPECT_THAT(multi_line, Not(HasSubstr("secret")));

  EXPECT_THAT(testing::ConfigErrorOf(prefix + "    token_env: HB_TEST_TOKEN\n"),
              HasSubstr("hb.yaml:3: applications[0].token_env: environment variable "
                        "\"HB_TEST_TOKEN\" is not set"));
  setenv("HB_TEST_TOKEN", "", 1);
  EXPECT_THAT(testing::ConfigErrorOf(prefix + "    token_env: HB_TEST_TOKEN\n"),
              HasSubstr("environment variable \"HB_TEST_TOKEN\" is empty"));
  setenv("HB_TEST_TOKEN", "env\x01secret", 1);
  const std::string control = testing::ConfigErrorOf(prefix + "    token_env: HB_TEST_TOKEN\n");
  EXPECT_THAT(control, HasSubstr("control characters"));
  EXPECT_THAT(control, Not(HasSubstr("secret")));

  setenv("HB_TEST_TOKEN", "fine", 1);
  EXPECT_THAT(testing::ConfigErrorOf(prefix + "    token_file: " + two_lines +
                                     "\n    token_env: HB_TEST_TOKEN\n"),
              HasSubstr("hb.yaml:4: applications[0].token_env: cannot be combined with "
                        "token_file"));
}

TEST_F(ConfigFileTest, ConfigFileItselfUnreadable) {
  try {
    LoadConfigFile((dir_ / "nope.yaml").string());
    ADD_FAILURE() << "loaded a missing file";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("nope.yaml: cannot read config file: No such file"));
  }
  EXPECT_THROW(LoadConfigFile(dir_.string()), ConfigError);
}

struct ErrorCase {
  const char* yaml;
  const char* message;
};

// Each entry is a whole file; the message names file, line and field path.
const ErrorCase kErrorCases[] = {
    {"applications:\n  - name: a\n    interval: [1h\n", "hb.yaml:4: invalid YAML: "},
    {"applications:\n\t- name: a\n",
     "hb.yaml:2: invalid YAML: illegal block entry (indent with spaces: YAML does not allow tabs)"},
    {"- name: a\n", "hb.yaml:1: expected a map with an applications list, got a list"},
    {"application:\n  - name: a\n",
     "hb.yaml:1: unknown key \"application\" (did you mean \"applications\"?)"},
    {"applications:\n  name: a\n", "hb.yaml:2: applications: expected a list, got a map"},
    {"applications: yes\n", "hb.yaml:1: applications: expected a list, got a single value"},
    {"applications:\n  - just-a-name\n",
     "hb.yaml:2: applications[0]: expected a map with name and interval, schedule or probe, got "
     "a single value"},
    {"applications:\n  - name: a\n    intreval: 1h\n",
     "hb.yaml:3: applications[0]: unknown key \"intreval\" (did you mean \"interval\"?)"},
    {"applications:\n  - name: a\n    owner: me\n",
     "hb.yaml:3: applications[0]: unknown key \"owner\" (known keys: name, team, interval, "
     "schedule, timezone, grace, token_file, token_env, manual_resume, probe, success_keywords, "
     "failure_keywords, start_keywords, fail_when_no_keyword_matches, methods, labels, "
     "start_window, "
     "max_runtime, min_runtime)"},
    {"applications:\n  - name: a\n    grace: 1m\n    grace: 2m\n",
     "hb.yaml:4: applications[0]: key \"grace\" appears twice"},
    {"applications:\n  - team: web\n", "hb.yaml:2: applications[0]: missing required key \"name\""},
    {"applications:\n  - name: bad name\n",
     "hb.yaml:2: applications[0].name: \"bad name\" is not a valid application name"},
    {"applications:\n  - name: .hidden\n", "applications[0].name: \".hidden\" is not a valid"},
    {"applications:\n  - name:\n    team: web\n",
     "hb.yaml:2: applications[0].name: expected a value, got nothing"},
    {"applications:\n  - name: [a, b]\n", "applications[0].name: expected a value, got a list"},
    {"applications:\n  - name: a\n    team: {x: 1}\n",
     "hb.yaml:3: applications[0].team: expected a value, got a map"},
    {"applications:\n  - name: a\n  - name: b\n  - name: a\n",
     "hb.yaml:4: applications[2].name: \"a\" is already declared at line 2"},
    {"applications:\n  - name: a\n    interval: 1x\n",
     "hb.yaml:3: applications[0].interval: \"1x\" is not a duration"},
    {"applications:\n  - name: a\n    interval: 6h\n    grace: -5m\n",
     "hb.yaml:4: applications[0].grace: \"-5m\" is not a duration (durations cannot be negative"},
    {"applications:\n  - name: a\n    grace: 1h30\n",
     "applications[0].grace: \"1h30\" is not a duration (the last number has no unit"},
    {"applications:\n  - name: a\n    interval: 1h\n    schedule: '@daily'\n",
     "hb.yaml:4: applications[0].schedule: cannot be combined with interval"},
    {"applications:\n  - name: a\n    interval: 1h\n    timezone: Europe/Zurich\n",
     "hb.yaml:4: applications[0].timezone: is only used with a schedule"},
    {"applications:\n  - name: a\n    schedule: 61 * * * *\n",
     "hb.yaml:3: applications[0].schedule: schedule \"61 * * * *\": minute 61 is out of range "
     "0-59"},
    {"applications:\n  - name: a\n    schedule: 0 0 30 2 *\n",
     "applications[0].schedule: schedule \"0 0 30 2 *\": never fires"},
    {"applications:\n  - name: a\n    schedule: '@daily'\n    timezone: Mars/Base\n",
     "hb.yaml:4: applications[0].timezone: unknown time zone \"Mars/Base\" (use an IANA name "
     "such as Europe/Zurich)"},
    {"applications:\n  - name: a\n    schedule: '@daily'\n    timezone: ''\n",
     "hb.yaml:4: applications[0].timezone: unknown time zone \"\""},
    {"applications:\n  - name: a\n    manual_resume: maybe\n",
     "hb.yaml:3: applications[0].manual_resume: expected true or false, got \"maybe\""},
    {"applications:\n  - name: a\n    probe: http://x\n",
     "hb.yaml:3: applications[0].probe: expected a map with url, interval and timeout, got a "
     "single value"},
    {"applications:\n  - name: a\n    probe:\n      interval: 30s\n",
     "hb.yaml:4: applications[0].probe: missing required key \"url\""},
    {"applications:\n  - name: a\n    probe:\n      url: ftp://x/\n",
     "hb.yaml:4: applications[0].probe.url: \"ftp://x/\" must start with http://, https:// or "
     "tcp://"},
    {"applications:\n  - name: a\n    probe:\n      url: tcp://db\n",
     "hb.yaml:4: applications[0].probe.url: \"tcp://db\" must be tcp://host:port"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x:0/\n",
     "applications[0].probe.url: \"http://x:0/\" has port \"0\", which is not a number from 1 to "
     "65535"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      treshold: 2\n",
     "hb.yaml:5: applications[0].probe: unknown key \"treshold\" (known keys: url, interval, "
     "timeout, healthy_threshold, unhealthy_threshold, method, headers, expected_status, "
     "ca_file, insecure_skip_verify, server_name, email)"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      healthy_treshold: 2\n",
     "unknown key \"healthy_treshold\" (did you mean \"healthy_threshold\"?)"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      chealthy_threshold: 2\n",
     "unknown key \"chealthy_threshold\" (did you mean \"healthy_threshold\"?)"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      interval: soon\n",
     "hb.yaml:5: applications[0].probe.interval: \"soon\" is not a duration"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      interval: 0s\n",
     "hb.yaml:5: applications[0].probe.interval: 0s must be from 5s to 5m"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      interval: 5s\n",
     "hb.yaml:5: applications[0].probe.interval: 5s must be longer than the default timeout (5s)"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      method: g e t\n",
     "hb.yaml:4: applications[0].probe: probe method \"G E T\" must be 1 to 32 upper-case letters"},
    {"applications:\n  - name: a\n    probe:\n      url: tcp://db:5432\n      ca_file: /ca.pem\n",
     "probe ca_file, insecure_skip_verify and server_name apply to https:// URLs only"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      email: nobody\n",
     "probe email \"nobody\" is not an e-mail address"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      expected_status: 2000\n",
     "hb.yaml:5: applications[0].probe.expected_status: \"2000\" is not an HTTP status"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      timeout: 1m\n",
     "hb.yaml:5: applications[0].probe.timeout: 1m must be shorter than the probe interval (30s)"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      timeout: 0s\n",
     "hb.yaml:5: applications[0].probe.timeout: 0s must be from 2s to 1m"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n      healthy_threshold: 0\n",
     "hb.yaml:5: applications[0].probe.healthy_threshold: 0 must be a whole number from 2 to "
     "10"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n"
     "      unhealthy_threshold: two\n",
     "hb.yaml:5: applications[0].probe.unhealthy_threshold: \"two\" is not a whole number from 2 "
     "to 10"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n"
     "      unhealthy_threshold: -1\n",
     "applications[0].probe.unhealthy_threshold: \"-1\" is not a whole number"},
    {"applications:\n  - name: a\n    probe:\n      url: http://x\n"
     "      unhealthy_threshold: 99999999999\n",
     "\"99999999999\" is not a whole number from 2 to 10"},
};

TEST_F(ConfigFileTest, EveryInvalidValueNamesFileLineAndField) {
  for (const ErrorCase& c : kErrorCases) {
    EXPECT_THAT(testing::ConfigErrorOf(c.yaml), HasSubstr(c.message)) << c.yaml;
  }
}

// The same hostile values the API refuses, each refused at its line and field.
TEST_F(ConfigFileTest, HostileValuesAreRefusedAtTheirLine) {
  const std::string prefix = "applications:\n  - name: a\n    interval: 1h\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"    team: \"a\\x00b\"\n", "team contains a control character"},
      {"    team: \"a\\eb\"\n", "team contains a control character"},
      {"    team: \"a\\nb\"\n", "team contains a control character"},
      {"    team: " + std::string(129, 't') + "\n", "team is 129 bytes long"},
      {"    grace: 9223372036854775807\n", "100y"},
      {"    grace: 101y\n", "100y"},
  };
  for (const auto& [line, sentence] : cases) {
    EXPECT_THAT(testing::ConfigErrorOf(prefix + line), HasSubstr(sentence)) << line;
  }
  EXPECT_THAT(
      testing::ConfigErrorOf("applications:\n  - name: a\n    interval: 9223372036854775807\n"),
      HasSubstr("100y"));
  // A raw byte that is not UTF-8, as an editor might leave it.
  EXPECT_THAT(testing::ConfigErrorOf(prefix + "    team: a\xff"
                                              "b\n"),
              HasSubstr("hb.yaml"));
}

TEST_F(ConfigFileTest, TokensFromAnySourceFollowTheImportRules) {
  const std::string prefix = "applications:\n  - name: a\n";
  setenv("HB_TEST_PATHLIKE", "/usr/local/bin:/usr/bin", 1);
  const std::string env = testing::ConfigErrorOf(prefix + "    token_env: HB_TEST_PATHLIKE\n");
  EXPECT_THAT(env, HasSubstr("applications[0].token_env: the token in environment variable"));
  EXPECT_THAT(env, HasSubstr("printable ASCII characters except /"));
  EXPECT_THAT(env, Not(HasSubstr("/usr/local/bin")));
  const std::string shorty = WriteFile("short", "abc\n");
  EXPECT_THAT(testing::ConfigErrorOf(prefix + "    token_file: " + shorty + "\n"),
              HasSubstr("8 to 256"));
  EXPECT_THAT(testing::ConfigErrorOf(prefix + "    token_file: /dev/zero\n"),
              HasSubstr("is larger than 4096 bytes"));
}

}  // namespace
}  // namespace heartbeat
