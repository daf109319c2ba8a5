#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "common/temp_dir.h"
#include "common/test_time.h"
#include "heartbeat/server/exporter.h"

namespace heartbeat::testing {

// A real exporter on a free loopback port, with a store in a temp dir and a
// clock the test moves by hand.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }
  void TearDown() override { Stop(); }

  virtual void Customize(ExporterOptions&) {}

  void Start() {
    ExporterOptions options;
    options.listen_address = "127.0.0.1:0";
    options.storage_path = dir_.File("data/heartbeat.db");
    options.worker_threads = 16;
    Customize(options);
    exporter_ = std::make_unique<Exporter>(options, clock_);
    port_ = exporter_->Bind();
    server_thread_ = std::thread([this] { exporter_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(30, 0);
    for (int attempt = 0; attempt < 500 && !client_->Get("/-/healthy"); ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  void Stop() {
    if (!exporter_) return;
    exporter_->Stop();
    server_thread_.join();
    client_.reset();
    exporter_.reset();
  }

  void Restart() {
    Stop();
    Start();
  }

  httplib::Headers Admin() const {
    return {{"Authorization", "Bearer " + exporter_->admin_token()}};
  }

  // Creates an application through the API and returns its token.
  std::string CreateApp(const nlohmann::json& body) {
    auto res = client_->Post("/api/v1/applications", Admin(), body.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 201) << res->body;
    return nlohmann::json::parse(res->body).value("token", "");
  }

  nlohmann::json Check(const std::string& name) {
    auto res = client_->Get(("/checks/" + name).c_str());
    EXPECT_TRUE(res && res->status == 200);
    return res ? nlohmann::json::parse(res->body) : nlohmann::json();
  }

  std::string Metrics() {
    auto res = client_->Get("/metrics");
    return res ? res->body : "";
  }

  TempDir dir_;
  ManualTimeSource clock_{Utc("2026-06-01 12:00:00")};
  std::unique_ptr<Exporter> exporter_;
  int port_ = 0;
  std::thread server_thread_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace heartbeat::testing
