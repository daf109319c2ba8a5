#pragma once

// What the store's tests share: a store file in a temp dir, a manual clock,
// specs and signals.

#include <gtest/gtest.h>

#include <string>

#include "common/temp_dir.h"
#include "common/test_time.h"
#include "heartbeat/core/token.h"
#include "heartbeat/store/store.h"

namespace heartbeat::testing {

class StoreTest : public ::testing::Test {
 protected:
  StoreOptions Options(int retention = 100) {
    StoreOptions options;
    options.path = dir_.File("data/heartbeat.db");
    options.retention_signals = retention;
    return options;
  }

  static ApplicationSpec Spec(const std::string& name, const std::string& team = "ops") {
    ApplicationSpec spec;
    spec.name = name;
    spec.team = team;
    spec.interval = std::chrono::hours(1);
    return spec;
  }

  static Signal Ok(const std::string& body = "") {
    Signal signal;
    signal.kind = SignalKind::kOk;
    signal.body = body;
    return signal;
  }

  static Signal Fail() {
    Signal signal;
    signal.kind = SignalKind::kFail;
    return signal;
  }

  // Creates an application and returns its id.
  static long long Create(Store& store, const std::string& name) {
    const WriteResult created =
        store.CreateApplication(Spec(name), HashToken("token-of-" + name), false);
    EXPECT_EQ(created.status, WriteStatus::kOk) << created.message;
    return created.record ? created.record->id : 0;
  }

  TempDir dir_;
  ManualTimeSource clock_{Utc("2026-06-01 12:00:00")};
};

}  // namespace heartbeat::testing
