#include "heartbeat/core/application.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/probe_spec.h"

namespace heartbeat {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(ApplicationNameTest, AcceptsTheContractPattern) {
  for (const char* name :
       {"a", "Z", "0", "nightly-backup", "sync.photos", "db_dump-2", "a.b.c", "9lives", "a-"}) {
    EXPECT_TRUE(IsValidApplicationName(name)) << name;
  }
  EXPECT_TRUE(IsValidApplicationName(std::string(128, 'x')));
}

TEST(ApplicationNameTest, RejectsEverythingElse) {
  for (const char* name :
       {"", "-a", ".a", "_a", "a b", "a/b", "a:b", "ä", "a\n", "a@b", "a+b", "a%2F"}) {
    EXPECT_FALSE(IsValidApplicationName(name)) << name;
  }
  EXPECT_FALSE(IsValidApplicationName(std::string(129, 'x')));
  EXPECT_FALSE(IsValidApplicationName(std::string("a\0b", 3)));
}

TEST(ApplicationTest, LastCompletionIsDecidedByOrderNotByTimestamps) {
  Application app;
  EXPECT_FALSE(app.last_checkin());
  EXPECT_FALSE(app.last_completion_failed());
  app.last_success = FromMillis(1000);
  EXPECT_EQ(app.last_checkin(), FromMillis(1000));
  EXPECT_FALSE(app.last_completion_failed());
  // A failure applied after the success, its clock stepped back: the failure is the last.
  app.last_failure = FromMillis(500);
  app.last_completion_was_failure = true;
  EXPECT_EQ(app.last_checkin(), FromMillis(500));
  EXPECT_TRUE(app.last_completion_failed());
  // Then a success with a clock stepped back even further: the success is the last.
  app.last_success = FromMillis(200);
  app.last_completion_was_failure = false;
  EXPECT_EQ(app.last_checkin(), FromMillis(200));
  EXPECT_FALSE(app.last_completion_failed());
  // Only failures ever: failed whatever the flag says.
  app.last_success.reset();
  EXPECT_EQ(app.last_checkin(), FromMillis(500));
  EXPECT_TRUE(app.last_completion_failed());
}

ApplicationSpec Valid() {
  ApplicationSpec spec;
  spec.name = "nightly-backup";
  spec.interval = Seconds(3600);
  return spec;
}

TEST(ValidateSpecTest, AcceptsValidSpecs) {
  EXPECT_EQ(ValidateSpec(Valid()), "");
  ApplicationSpec scheduled = Valid();
  scheduled.interval = Seconds(0);
  scheduled.schedule = "30 2 * * *";
  scheduled.timezone = "Europe/Zurich";
  EXPECT_EQ(ValidateSpec(scheduled), "");
  ApplicationSpec state_only = Valid();
  state_only.interval = Seconds(0);
  state_only.timezone = "";
  EXPECT_EQ(ValidateSpec(state_only), "");
  ApplicationSpec probed = Valid();
  for (const char* url : {"http://api.default.svc:8080/health", "https://example.com",
                          "HTTPS://user:pw@example.com:443/x?y#z", "tcp://db.internal:5432",
                          "tcp://[::1]:5432", "http://[fe80::1]/"}) {
    probed.probe = testing::MakeProbe(url, Seconds(30), Seconds(5), 2, 2);
    EXPECT_EQ(ValidateSpec(probed), "") << url;
  }
}

TEST(ValidateSpecTest, RejectsContradictionsWithASentence) {
  struct Case {
    void (*change)(ApplicationSpec&);
    const char* message;
  };
  const Case cases[] = {
      {[](ApplicationSpec& s) { s.name = "bad name"; },
       "\"bad name\" is not a valid application name"},
      {[](ApplicationSpec& s) { s.interval = Seconds(-1); }, "interval must not be negative"},
      {[](ApplicationSpec& s) { s.grace = Seconds(-1); }, "grace must not be negative"},
      {[](ApplicationSpec& s) { s.schedule = "@daily"; },
       "interval and schedule cannot both be set"},
      {[](ApplicationSpec& s) { s.timezone = "Europe/Zurich"; },
       "timezone \"Europe/Zurich\" needs a schedule"},
      {[](ApplicationSpec& s) {
         s.interval = Seconds(0);
         s.schedule = "61 * * * *";
       },
       "schedule \"61 * * * *\": minute 61 is out of range 0-59"},
      {[](ApplicationSpec& s) {
         s.interval = Seconds(0);
         s.schedule = "@daily";
         s.timezone = "Mars/Base";
       },
       "unknown time zone \"Mars/Base\""},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("ftp://x", Seconds(30), Seconds(5), 1, 1);
       },
       "probe url \"ftp://x\" must start with http://, https:// or tcp://"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("api:8080", Seconds(30), Seconds(5), 1, 1);
       },
       "must start with http://"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("tcp://db", Seconds(30), Seconds(5), 1, 1);
       },
       "must be tcp://host:port"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("tcp://db:5432/x", Seconds(30), Seconds(5), 1, 1);
       },
       "must be tcp://host:port"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("tcp://db:99999", Seconds(30), Seconds(5), 1, 1);
       },
       "has port \"99999\", which is not a number from 1 to 65535"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://", Seconds(30), Seconds(5), 1, 1);
       },
       "has no host"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://a b/", Seconds(30), Seconds(5), 1, 1);
       },
       "contains spaces or control characters"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://a", Seconds(0), Seconds(5), 2, 2);
       },
       "probe interval 0s must be from 5s to 5m"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://a", Seconds(301), Seconds(5), 2, 2);
       },
       "probe interval 5m1s must be from 5s to 5m"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://a", Seconds(30), Seconds(1), 2, 2);
       },
       "probe timeout 1s must be from 2s to 1m"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://a", Seconds(300), Seconds(61), 2, 2);
       },
       "probe timeout 1m1s must be from 2s to 1m"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://a", Seconds(30), Seconds(30), 2, 2);
       },
       "probe timeout 30s must be shorter than the probe interval (30s)"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://a", Seconds(30), Seconds(5), 1, 2);
       },
       "probe healthy_threshold 1 must be a whole number from 2 to 10"},
      {[](ApplicationSpec& s) {
         s.probe = testing::MakeProbe("http://a", Seconds(30), Seconds(5), 2, 11);
       },
       "probe unhealthy_threshold 11 must be a whole number from 2 to 10"},
      {[](ApplicationSpec& s) {
         ProbeSpec probe = testing::MakeProbe("http://a", Seconds(30), Seconds(5), 2, 2);
         probe.headers = {{"X-Evil", "a\r\nHost: other"}};
         s.probe = probe;
       },
       "probe header X-Evil value"},
      {[](ApplicationSpec& s) {
         ProbeSpec probe = testing::MakeProbe("http://a", Seconds(30), Seconds(5), 2, 2);
         probe.headers = {{"Bad Name", "x"}};
         s.probe = probe;
       },
       "is not a header name"},
      {[](ApplicationSpec& s) {
         ProbeSpec probe = testing::MakeProbe("http://a", Seconds(30), Seconds(5), 2, 2);
         probe.expected_status = 99;
         s.probe = probe;
       },
       "probe expected_status 99 must be an HTTP status from 100 to 599"},
      {[](ApplicationSpec& s) {
         ProbeSpec probe = testing::MakeProbe("http://a", Seconds(30), Seconds(5), 2, 2);
         probe.email = "a@b@c.org";
         s.probe = probe;
       },
       "probe email \"a@b@c.org\" is not an e-mail address"},
      {[](ApplicationSpec& s) {
         ProbeSpec probe = testing::MakeProbe("http://a", Seconds(30), Seconds(5), 2, 2);
         probe.insecure_skip_verify = true;
         s.probe = probe;
       },
       "apply to https:// URLs only"},
  };
  for (const Case& c : cases) {
    ApplicationSpec spec = Valid();
    c.change(spec);
    EXPECT_THAT(ValidateSpec(spec), HasSubstr(c.message));
  }
}

TEST(ValidateSpecTest, LongNamesAreNotEchoedWhole) {
  ApplicationSpec spec = Valid();
  spec.name = std::string(100000, '/');
  const std::string why = ValidateSpec(spec);
  EXPECT_THAT(why, StartsWith("\"" + std::string(64, '/') + "...\""));
  EXPECT_LT(why.size(), 300u);
}

}  // namespace
}  // namespace heartbeat
