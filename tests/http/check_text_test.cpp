// CheckText writes the check object directly; its bytes must stay those of
// CheckObject dumped by nlohmann (what /signal, /checks and the API answered
// before), for every kind of application: states, schedules, keywords and
// labels that need escaping, invalid UTF-8, a probe, durations.
#include "http/check_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/test_time.h"
#include "http/check_json.h"

namespace heartbeat::http {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::Utc;

const TimePoint kNow = Utc("2026-06-01 12:00:00");

std::string Dumped(const Application& app, TimePoint now) {
  return CheckObject(app, now).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Application Basic() {
  Application app;
  app.id = 7;
  app.spec.name = "backup";
  app.spec.team = "ops";
  app.spec.interval = hours(1);
  app.created_at = Utc("2026-05-01 08:00:00");
  return app;
}

void ExpectSameBytes(const Application& app, TimePoint now = kNow) {
  EXPECT_EQ(CheckText(app, now), Dumped(app, now));
}

TEST(CheckTextTest, AFreshApplication) { ExpectSameBytes(Basic()); }

TEST(CheckTextTest, EveryStateAndItsTimes) {
  Application app = Basic();
  app.spec.grace = minutes(5);
  app.last_success = Utc("2026-06-01 11:30:00");
  app.signals_total = 12;
  ExpectSameBytes(app);                              // ok
  ExpectSameBytes(app, Utc("2026-06-01 12:32:00"));  // late (in grace)
  ExpectSameBytes(app, Utc("2026-06-01 14:00:00"));  // outdated
  app.last_failure = Utc("2026-06-01 11:45:00");
  app.last_completion_was_failure = true;
  app.failures_total = 3;
  app.last_duration_seconds = 2.0;
  ExpectSameBytes(app);  // failed
  app.last_start = Utc("2026-06-01 11:59:00");
  app.open_runs.push_back({"", Utc("2026-06-01 11:59:00")});
  app.last_duration_seconds = 0.1 + 0.2;
  ExpectSameBytes(app);  // running
  app.paused = true;
  app.declared = true;
  app.spec.manual_resume = true;
  app.last_duration_seconds = 1e-7;
  ExpectSameBytes(app);  // paused
}

TEST(CheckTextTest, AScheduleWithAZoneAndRunWindows) {
  Application app = Basic();
  app.spec.interval = seconds(0);
  app.spec.schedule = "30 2 * * *";
  app.spec.timezone = "Europe/Zurich";
  app.schedule = Schedule::Parse(app.spec.schedule, app.spec.timezone);
  app.spec.windows.start_window = minutes(10);
  app.spec.windows.max_runtime = hours(2);
  app.spec.windows.min_runtime = seconds(30);
  ExpectSameBytes(app);
  ExpectSameBytes(app, Utc("2026-06-02 01:00:00"));
}

TEST(CheckTextTest, TextThatNeedsEscapingOrReplacing) {
  Application app = Basic();
  app.spec.team = "Ops \"core\" \\ team\twith tab, \x01 control, caf\xc3\xa9, bad \xff\xfe bytes";
  PingFilter filter;
  filter.success_keywords = {"done", "\"quoted\"", "na\xc3\xafve"};
  filter.failure_keywords = {"ERROR", "line\nbreak", "\xc3"};
  filter.start_keywords = {};
  filter.fail_when_no_keyword_matches = true;
  filter.post_only = true;
  app.spec.set_ping_filter(filter);
  app.spec.labels = {{"owner", "db-team"}, {"env", "prod \"eu\""}, {"zz", "\xe2\x82\xac"}};
  ExpectSameBytes(app);
}

TEST(CheckTextTest, AProbedApplication) {
  Application app = Basic();
  ProbeSpec probe;
  probe.url = "https://db.example:8443/health";
  probe.headers = {{"Authorization", "Bearer x\"y"}};
  probe.email = "oncall@example.com";
  app.spec.probe = probe;
  ExpectSameBytes(app);
}

}  // namespace
}  // namespace heartbeat::http
