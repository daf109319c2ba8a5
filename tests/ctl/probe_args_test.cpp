#include "ctl/probe_args.h"

#include <gtest/gtest.h>

#include "ctl/args.h"

namespace heartbeat::ctl {
namespace {

TEST(ProbeArgsTest, NoProbeFlagsSendNoProbe) {
  EXPECT_FALSE(BuildProbeBody(ProbeArgs{}, true));
  EXPECT_FALSE(BuildApplicationBody("a", ApplicationArgs{}).contains("probe"));
}

TEST(ProbeArgsTest, EveryFlagBecomesAFieldAndThePathIsJoined) {
  ProbeArgs args;
  args.url = "https://api.internal:8443/";
  args.path = "health";
  args.interval = "10s";
  args.timeout = "3s";
  args.healthy_threshold = 3;
  args.unhealthy_threshold = 2;
  args.method = "head";
  args.headers = {"X-Probe: yes", "Accept:application/json"};
  args.expected_status = 204;
  args.ca_file = "/etc/ssl/internal-ca.pem";
  args.server_name = "api.internal";
  args.email = "ops@example.org";
  ApplicationArgs application;
  application.probe = args;
  const nlohmann::json body = BuildApplicationBody("api", application);
  EXPECT_EQ(body["probe"],
            (nlohmann::json{{"url", "https://api.internal:8443/health"},
                            {"interval", "10s"},
                            {"timeout", "3s"},
                            {"healthy_threshold", 3},
                            {"unhealthy_threshold", 2},
                            {"method", "HEAD"},
                            {"headers", {{"X-Probe", "yes"}, {"Accept", "application/json"}}},
                            {"expected_status", 204},
                            {"ca_file", "/etc/ssl/internal-ca.pem"},
                            {"server_name", "api.internal"},
                            {"email", "ops@example.org"}}));
}

TEST(ProbeArgsTest, MistakesAreUsageErrors) {
  ProbeArgs without_url;
  without_url.interval = "10s";
  EXPECT_THROW(BuildProbeBody(without_url, true), UsageError);
  ProbeArgs bad_header;
  bad_header.url = "http://x/";
  bad_header.headers = {"no colon"};
  EXPECT_THROW(BuildProbeBody(bad_header, true), UsageError);
  ProbeArgs bad_duration;
  bad_duration.url = "http://x/";
  bad_duration.interval = "soon";
  EXPECT_THROW(BuildProbeBody(bad_duration, true), UsageError);
  // An update may change one setting of an existing probe.
  ProbeArgs update;
  update.unhealthy_threshold = 3;
  EXPECT_EQ(*BuildProbeBody(update, false), (nlohmann::json{{"unhealthy_threshold", 3}}));
}

}  // namespace
}  // namespace heartbeat::ctl
