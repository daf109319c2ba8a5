#include "store/job_metrics_admission.h"

#include <algorithm>
#include <string>

namespace heartbeat {

namespace {

const char* Article(const std::string& type) { return type == "untyped" ? "an" : "a"; }

std::string TypeClashSentence(const JobFamily& family, const std::string& other_type,
                              const std::string& other_application) {
  return "metric " + family.name + " is " + Article(family.type) + " " + family.type +
         " here but " + Article(other_type) + " " + other_type + " in application \"" +
         other_application + "\"; a name has one type across applications (rename it or " +
         "change its TYPE)";
}

// The type application `app` gives family `name`, or nullptr.
const std::string* TypeIn(const Application& app, const std::string& name) {
  if (!app.job_metrics) return nullptr;
  for (const JobFamily& family : app.job_metrics->families) {
    if (family.name == name) return &family.type;
  }
  return nullptr;
}

// Applications changed earlier in this batch are judged by their staged
// record, the others by the committed catalog.
std::optional<std::string> TypeClash(const WriteContext& context, long long id,
                                     const JobFamily& family) {
  const auto& staged = context.staged();
  const auto skip = [&](long long other) { return other == id || staged.count(other) != 0; };
  if (const long long other = context.index().JobFamilyTypeClash(family.name, family.type, skip)) {
    const ApplicationRecord record = context.index().FindById(other);
    const std::string* type = record ? TypeIn(*record, family.name) : nullptr;
    if (type) return TypeClashSentence(family, *type, record->spec.name);
  }
  for (const auto& [other, app] : staged) {
    if (other == id || !app) continue;
    const std::string* type = TypeIn(*app, family.name);
    if (type && *type != family.type) return TypeClashSentence(family, *type, app->spec.name);
  }
  return std::nullopt;
}

std::size_t SeriesOf(const Application* app) {
  return app && app->job_metrics ? app->job_metrics->series : 0;
}

// Every application's series once this push replaced application `id`'s.
std::size_t SeriesAfter(const WriteContext& context, long long id, const JobMetrics& metrics) {
  std::size_t total = context.index().JobSeriesTotal();
  if (context.staged().count(id) == 0) {
    total -= std::min(total, SeriesOf(context.index().FindById(id).get()));
  }
  for (const auto& [other, app] : context.staged()) {
    const ApplicationRecord committed = context.index().FindById(other);
    total -= std::min(total, SeriesOf(committed.get()));
    if (other != id) total += SeriesOf(app.get());
  }
  return total + metrics.series;
}

}  // namespace

std::optional<WriteResult> AdmitJobMetrics(const WriteContext& context, long long id,
                                           const JobMetrics& metrics, std::size_t series_limit) {
  for (const JobFamily& family : metrics.families) {
    if (auto sentence = TypeClash(context, id, family)) {
      return WriteFailure(WriteStatus::kConflict, *sentence);
    }
  }
  const std::size_t after = SeriesAfter(context, id, metrics);
  if (after > series_limit) {
    return WriteFailure(WriteStatus::kConflict,
                        "these " + std::to_string(metrics.series) +
                            " job metric series would make " + std::to_string(after) +
                            " across all applications, over the limit of " +
                            std::to_string(series_limit) + " (--metrics.job-series-limit)");
  }
  return std::nullopt;
}

}  // namespace heartbeat
