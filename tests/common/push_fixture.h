#pragma once

// A real exporter (ServerTest) with what the push-client tests share: ping keys,
// an application's history and bodies, and single metric samples.

#include <string>

#include "common/server_fixture.h"

namespace heartbeat::testing {

class PushTest : public ServerTest {
 protected:
  // Creates a ping key through the API; returns the answer (with "key" and "id").
  nlohmann::json CreateKey(const nlohmann::json& body) {
    auto res = client_->Post("/api/v1/ping-keys", Admin(), body.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return nlohmann::json();
    EXPECT_EQ(res->status, 201) << res->body;
    return nlohmann::json::parse(res->body);
  }

  void RevokeKey(long long id) {
    auto res = client_->Delete(("/api/v1/ping-keys/" + std::to_string(id)).c_str(), Admin());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  nlohmann::json History(const std::string& name) {
    auto res =
        client_->Get(("/api/v1/applications/" + name + "/signals?limit=100").c_str(), Admin());
    EXPECT_TRUE(res && res->status == 200);
    return res ? nlohmann::json::parse(res->body) : nlohmann::json();
  }

  std::string Body(const std::string& name, const nlohmann::json& id) {
    auto res = client_->Get(
        ("/api/v1/applications/" + name + "/signals/" + id.dump() + "/body").c_str(), Admin());
    EXPECT_TRUE(res && res->status == 200);
    return res ? res->body : "";
  }

  // A GET sent exactly as written: httplib's client would send '+' as %2B, and
  // clients (Go's url.QueryEscape, Uptime Kuma users) write spaces as '+'.
  httplib::Result RawGet(const std::string& target) {
    httplib::Client client("127.0.0.1", port_);
    client.set_url_encode(false);
    return client.Get(target.c_str());
  }

  bool Exists(const std::string& name) {
    auto res = client_->Get(("/checks/" + name).c_str());
    return res && res->status == 200;
  }

  // The value of `family{application="<name>",team="<team>"}` in /metrics, or "" if absent.
  std::string Sample(const std::string& family, const std::string& name, const std::string& team) {
    const std::string metrics = Metrics();
    const std::string prefix = family + "{application=\"" + name + "\",team=\"" + team + "\"} ";
    const auto at = metrics.find(prefix);
    if (at == std::string::npos) return "";
    const auto end = metrics.find('\n', at);
    return metrics.substr(at + prefix.size(), end - at - prefix.size());
  }
};

}  // namespace heartbeat::testing
