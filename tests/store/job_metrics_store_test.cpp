// Job metrics in the store (issue 16): replaced by a success in the signal's
// transaction, read back after a restart, removed with their application, and
// the checks that need every application (one type per name, the series limit)
// made inside the writer's batch.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "store/store_fixture.h"

namespace heartbeat::testing {
namespace {

class JobMetricsStoreTest : public StoreTest {
 protected:
  static std::shared_ptr<const JobMetrics> Metrics(const std::string& text) {
    auto metrics = std::make_shared<JobMetrics>();
    metrics->families = ParseJobMetrics(text);
    metrics->text = text;
    metrics->series = CountJobSeries(metrics->families);
    return metrics;
  }

  static Signal With(Signal signal, const std::string& text) {
    signal.job_metrics = Metrics(text);
    return signal;
  }

  static Signal Start() {
    Signal signal;
    signal.kind = SignalKind::kStart;
    return signal;
  }

  static std::string TextOf(const Store& store, const std::string& name) {
    const ApplicationRecord app = store.index().FindByName(name);
    return app && app->job_metrics ? app->job_metrics->text : "(none)";
  }
};

TEST_F(JobMetricsStoreTest, ASuccessReplacesThemAndARestartReadsThemBack) {
  long long id = 0;
  {
    Store store(Options(), clock_);
    id = Create(store, "backup");
    EXPECT_EQ(TextOf(store, "backup"), "(none)");
    ASSERT_EQ(store.RecordSignal(id, With(Ok(), "# TYPE bytes gauge\nbytes 1\n")).status,
              WriteStatus::kOk);
    EXPECT_EQ(TextOf(store, "backup"), "# TYPE bytes gauge\nbytes 1\n");
    ASSERT_EQ(store.RecordSignal(id, With(Fail(), "bytes 2\n")).status, WriteStatus::kOk);
    ASSERT_EQ(store.RecordSignal(id, With(Start(), "bytes 3\n")).status, WriteStatus::kOk);
    EXPECT_EQ(TextOf(store, "backup"), "# TYPE bytes gauge\nbytes 1\n")
        << "a failure or a start leaves them";
    ASSERT_EQ(store.RecordSignal(id, Ok()).status, WriteStatus::kOk);
    EXPECT_EQ(TextOf(store, "backup"), "# TYPE bytes gauge\nbytes 1\n")
        << "a success without metrics leaves them";
    ASSERT_EQ(store.RecordSignal(id, With(Ok(), "# TYPE bytes gauge\nbytes 4\nfiles 2\n")).status,
              WriteStatus::kOk);
    ASSERT_EQ(store.SetPaused("backup", true).status, WriteStatus::kOk) << "a record copy";
  }
  Store store(Options(), clock_);
  const ApplicationRecord app = store.index().FindByName("backup");
  ASSERT_TRUE(app && app->job_metrics);
  EXPECT_EQ(app->job_metrics->text, "# TYPE bytes gauge\nbytes 4\nfiles 2\n");
  ASSERT_EQ(app->job_metrics->families.size(), 2u);
  EXPECT_EQ(app->job_metrics->families[0].type, "gauge");
  EXPECT_EQ(app->job_metrics->families[0].samples[0].value, 4);
  EXPECT_EQ(app->job_metrics->series, 2u);
  EXPECT_EQ(store.index().JobSeriesTotal(), 2u);
}

TEST_F(JobMetricsStoreTest, DeletingTheApplicationRemovesThem) {
  {
    Store store(Options(), clock_);
    const long long id = Create(store, "backup");
    ASSERT_EQ(store.RecordSignal(id, With(Ok(), "bytes 1\n")).status, WriteStatus::kOk);
    ASSERT_EQ(store.DeleteApplication("backup").status, WriteStatus::kOk);
    EXPECT_EQ(store.index().JobSeriesTotal(), 0u);
    Create(store, "backup");
    EXPECT_EQ(TextOf(store, "backup"), "(none)");
  }
  Store store(Options(), clock_);
  EXPECT_EQ(TextOf(store, "backup"), "(none)") << "no row left behind";
  EXPECT_EQ(store.index().JobSeriesTotal(), 0u);
}

TEST_F(JobMetricsStoreTest, ARunThatFinishedTooFastLeavesThem) {
  Store store(Options(), clock_);
  ApplicationSpec spec = Spec("backup");
  spec.windows.min_runtime = std::chrono::minutes(1);
  const WriteResult created = store.CreateApplication(spec, HashToken("token-backup-1"), false);
  ASSERT_EQ(created.status, WriteStatus::kOk) << created.message;
  const long long id = created.record->id;
  ASSERT_EQ(store.RecordSignal(id, Start()).status, WriteStatus::kOk);
  clock_.Advance(std::chrono::seconds(2));
  ASSERT_EQ(store.RecordSignal(id, With(Ok(), "bytes 0\n")).status, WriteStatus::kOk);
  EXPECT_EQ(TextOf(store, "backup"), "(none)");
}

TEST_F(JobMetricsStoreTest, OneTypePerNameAcrossApplications) {
  Store store(Options(), clock_);
  const long long a = Create(store, "a");
  const long long b = Create(store, "b");
  ASSERT_EQ(store.RecordSignal(a, With(Ok(), "# TYPE rows gauge\nrows 1\n")).status,
            WriteStatus::kOk);
  const WriteResult clash = store.RecordSignal(b, With(Ok(), "# TYPE rows counter\nrows 1\n"));
  EXPECT_EQ(clash.status, WriteStatus::kConflict);
  EXPECT_EQ(clash.message,
            "metric rows is a counter here but a gauge in application \"a\"; a name has one type "
            "across applications (rename it or change its TYPE)");
  EXPECT_EQ(store.index().FindByName("b")->signals_total, 0) << "nothing was recorded";
  EXPECT_TRUE(store.History(b, 10).empty());
  EXPECT_EQ(store.RecordSignal(b, With(Fail(), "# TYPE rows counter\nrows 1\n")).status,
            WriteStatus::kOk)
      << "a failure's metrics are not kept, so not judged";
  EXPECT_EQ(store.RecordSignal(b, With(Ok(), "# TYPE rows gauge\nrows 2\n")).status,
            WriteStatus::kOk);
  EXPECT_EQ(store.RecordSignal(a, With(Ok(), "# TYPE rows counter\nrows 1\n")).status,
            WriteStatus::kConflict)
      << "b uses rows as a gauge now";
}

TEST_F(JobMetricsStoreTest, TheSeriesLimitCountsEveryApplication) {
  StoreOptions options = Options();
  options.job_series_limit = 3;
  Store store(options, clock_);
  const long long a = Create(store, "a");
  const long long b = Create(store, "b");
  ASSERT_EQ(store.RecordSignal(a, With(Ok(), "x 1\ny 1\n")).status, WriteStatus::kOk);
  const WriteResult over = store.RecordSignal(b, With(Ok(), "x 1\ny 1\n"));
  EXPECT_EQ(over.status, WriteStatus::kConflict);
  EXPECT_EQ(over.message,
            "these 2 job metric series would make 4 across all applications, over the limit of 3 "
            "(--metrics.job-series-limit)");
  EXPECT_EQ(store.RecordSignal(a, With(Ok(), "x 1\ny 1\nz 1\n")).status, WriteStatus::kOk)
      << "an application's own old series do not count";
  EXPECT_EQ(store.RecordSignal(a, With(Ok(), "x 1\n")).status, WriteStatus::kOk);
  EXPECT_EQ(store.RecordSignal(b, With(Ok(), "x 1\ny 1\n")).status, WriteStatus::kOk);
  EXPECT_EQ(store.index().JobSeriesTotal(), 3u);
}

// Pushes from many applications at once share batches: the checks must see
// the writes before them in the same batch, so one type wins and the limit holds.
TEST_F(JobMetricsStoreTest, ConcurrentPushesCannotSlipPastTheChecks) {
  StoreOptions options = Options();
  options.job_series_limit = 6;
  Store store(options, clock_);
  constexpr int kApplications = 12;
  std::vector<long long> ids;
  for (int i = 0; i < kApplications; ++i) ids.push_back(Create(store, "app-" + std::to_string(i)));
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kApplications; ++i) {
    threads.emplace_back([&, i] {
      const std::string type = i % 2 == 0 ? "gauge" : "counter";
      const WriteResult result =
          store.RecordSignal(ids[i], With(Ok(), "# TYPE shared " + type + "\nshared 1\n"));
      if (result.status == WriteStatus::kOk) ++accepted;
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> types;
  std::size_t series = 0;
  for (const ApplicationRecord& app : store.index().Snapshot()) {
    if (!app->job_metrics) continue;
    types.insert(app->job_metrics->families[0].type);
    series += app->job_metrics->series;
  }
  EXPECT_GE(accepted.load(), 1);
  EXPECT_EQ(types.size(), 1u) << "one type for the name";
  EXPECT_LE(series, 6u);
  EXPECT_EQ(series, static_cast<std::size_t>(accepted.load()));
  EXPECT_EQ(store.index().JobSeriesTotal(), series);
}

}  // namespace
}  // namespace heartbeat::testing
