#include "heartbeat/probe/probe_scheduler.h"

#include <unordered_set>

#include "heartbeat/log/logging.h"
#include "heartbeat/probe/probe_check.h"

namespace heartbeat {

namespace {

using SteadyClock = std::chrono::steady_clock;

std::string ChangeSentence(const ProbeCounters& counters, const ProbeResult& result) {
  const bool ok = counters.verdict == ProbeVerdict::kOk;
  const int run = ok ? counters.consecutive_successes : counters.consecutive_failures;
  return std::string(ok ? "ok" : "fail") + " after " + std::to_string(run) + " consecutive " +
         (ok ? "successes" : "failures") + ": " + result.reason;
}

}  // namespace

ProbeScheduler::ProbeScheduler(Store& store, const TimeSource& clock, ProbeSchedulerOptions options)
    : store_(store), clock_(clock), options_(options), jitter_(options.jitter_seed) {
  Sync();
  for (int i = 0; i < std::max(1, options_.max_in_flight); ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
  dispatcher_ = std::thread([this] { DispatchLoop(); });
}

ProbeScheduler::~ProbeScheduler() {
  stopping_ = true;
  {
    std::lock_guard lock(mutex_);
    dispatch_wake_.notify_all();
    work_ready_.notify_all();
  }
  dispatcher_.join();
  for (std::thread& worker : workers_) worker.join();
}

void ProbeScheduler::Sync() {
  const std::vector<ApplicationRecord> snapshot = store_.index().Snapshot();
  const SteadyTime now = SteadyClock::now();
  std::lock_guard lock(mutex_);
  std::unordered_set<long long> present;
  for (const ApplicationRecord& record : snapshot) {
    if (!record->spec.probe || record->paused) continue;
    present.insert(record->id);
    const auto found = entries_.find(record->id);
    if (found != entries_.end() && found->second.spec == *record->spec.probe) continue;
    Entry entry;
    entry.generation = next_generation_++;
    entry.application = record->spec.name;
    entry.spec = *record->spec.probe;
    entry.counters = CountersFromRecord(*record);
    // Spread first runs over one interval so that a restart does not fire every probe at once.
    const long long interval_ms = std::chrono::milliseconds(entry.spec.interval).count();
    std::uniform_int_distribution<long long> offset(0, std::max<long long>(0, interval_ms - 1));
    entry.due = now + std::chrono::milliseconds(offset(jitter_));
    timers_.push({entry.due, record->id, entry.generation});
    entries_[record->id] = std::move(entry);
  }
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = present.count(it->first) != 0 ? std::next(it) : entries_.erase(it);
  }
  dispatch_wake_.notify_all();
}

ProbeStatus ProbeScheduler::StatusOfLocked(long long id, const Entry& entry) {
  return {id, entry.application, entry.spec.url, entry.counters, entry.last};
}

std::vector<ProbeStatus> ProbeScheduler::Statuses() const {
  std::lock_guard lock(mutex_);
  std::vector<ProbeStatus> statuses;
  statuses.reserve(entries_.size());
  for (const auto& [id, entry] : entries_) statuses.push_back(StatusOfLocked(id, entry));
  return statuses;
}

std::optional<ProbeStatus> ProbeScheduler::Status(long long application_id) const {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(application_id);
  if (found == entries_.end()) return std::nullopt;
  return StatusOfLocked(application_id, found->second);
}

void ProbeScheduler::CountFailure(long long application_id, const std::string& reason) {
  std::optional<Signal> change;
  Job job;
  {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(application_id);
    if (found == entries_.end()) return;
    job = {application_id, found->second.generation, found->second.spec};
    ProbeResult failure;
    failure.reason = reason;
    // Counted, not shown as the last attempt: no request was made.
    const std::optional<ProbeResult> last = found->second.last;
    change = ObserveLocked(job, failure);
    found->second.last = last;
  }
  if (change) RecordChange(job, *change);
}

void ProbeScheduler::DispatchLoop() {
  SteadyTime next_sync = SteadyClock::now() + options_.sync_period;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (SteadyClock::now() >= next_sync) {
      lock.unlock();
      Sync();
      lock.lock();
      next_sync = SteadyClock::now() + options_.sync_period;
    }
    const SteadyTime wake = std::min(DispatchDueLocked(SteadyClock::now()), next_sync);
    dispatch_wake_.wait_until(lock, wake);
  }
}

ProbeScheduler::SteadyTime ProbeScheduler::DispatchDueLocked(SteadyTime now) {
  while (!timers_.empty() && in_flight_ < static_cast<int>(workers_.size())) {
    const Due due = timers_.top();
    if (due.at > now) return due.at;
    timers_.pop();
    const auto found = entries_.find(due.id);
    if (found == entries_.end() || found->second.generation != due.generation) continue;
    ready_.push_back({due.id, due.generation, found->second.spec});
    ++in_flight_;
    work_ready_.notify_one();
  }
  // Nothing queued, or every slot busy: a new entry or a finishing worker wakes the dispatcher.
  return SteadyTime::max();
}

void ProbeScheduler::WorkerLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_ready_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
    if (stopping_) return;
    const Job job = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();
    RunJob(job);
    lock.lock();
    --in_flight_;
    dispatch_wake_.notify_one();
  }
}

void ProbeScheduler::RunJob(const Job& job) {
  // Re-read the record: an application removed, paused or changed since it was
  // queued is not probed (Sync replaces or drops its entry).
  const ApplicationRecord record = store_.index().FindById(job.id);
  if (!record || record->paused || !record->spec.probe || !(*record->spec.probe == job.spec)) {
    return;
  }
  const ProbeResult result = RunProbe(job.spec, &stopping_);
  if (stopping_) return;
  ++attempts_;
  std::optional<Signal> change;
  {
    std::lock_guard lock(mutex_);
    change = ObserveLocked(job, result);
  }
  if (change) RecordChange(job, *change);
  std::lock_guard lock(mutex_);
  RescheduleLocked(job.id, job.generation);
}

std::optional<Signal> ProbeScheduler::ObserveLocked(const Job& job, const ProbeResult& result) {
  const auto found = entries_.find(job.id);
  if (found == entries_.end() || found->second.generation != job.generation) return std::nullopt;
  Entry& entry = found->second;
  entry.last = result;
  const TimePoint now = clock_.Now();
  if (!ObserveAttempt(entry.counters, entry.spec, result, now)) return std::nullopt;
  Signal signal;
  signal.kind = entry.counters.verdict == ProbeVerdict::kOk ? SignalKind::kOk : SignalKind::kFail;
  signal.received_at = now;
  signal.classified_by = ClassifiedBy::kProbe;
  signal.body = ChangeSentence(entry.counters, result);
  signal.user_agent = "heartbeat_exporter-probe";
  signal.reported_duration = result.duration_seconds;
  return signal;
}

// The verdict change goes to the history; if the store cannot take it, the
// verdict is put back so that the next attempt tries again.
void ProbeScheduler::RecordChange(const Job& job, const Signal& signal) {
  const WriteResult written = store_.RecordSignal(job.id, signal);
  LogInfo("probe state changed",
          {{"application", written.record ? written.record->spec.name : ""},
           {"change", signal.body},
           {"recorded", written.status == WriteStatus::kOk ? "true" : "false"}});
  if (written.status == WriteStatus::kOk || written.status == WriteStatus::kNotFound) return;
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(job.id);
  if (found == entries_.end() || found->second.generation != job.generation) return;
  const ApplicationRecord stored = store_.index().FindById(job.id);
  if (stored) found->second.counters.verdict = CountersFromRecord(*stored).verdict;
  LogWarn("probe state change not recorded; retrying at the next attempt",
          {{"application", found->second.application}, {"err", written.message}});
}

void ProbeScheduler::RescheduleLocked(long long id, std::uint64_t generation) {
  const auto found = entries_.find(id);
  if (found == entries_.end() || found->second.generation != generation) return;
  Entry& entry = found->second;
  // Keep the rhythm of the first run; after a stall, the next attempt is one interval away.
  entry.due += entry.spec.interval;
  const SteadyTime now = SteadyClock::now();
  if (entry.due < now) entry.due = now + entry.spec.interval;
  timers_.push({entry.due, id, generation});
  dispatch_wake_.notify_one();
}

}  // namespace heartbeat
