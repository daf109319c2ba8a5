#include "heartbeat/core/signal.h"

#include <algorithm>

namespace heartbeat {

const char* SignalKindName(SignalKind kind) {
  switch (kind) {
    case SignalKind::kOk:
      return "ok";
    case SignalKind::kFail:
      return "fail";
    case SignalKind::kStart:
      return "start";
    case SignalKind::kLog:
      return "log";
    case SignalKind::kIgnored:
      return "ignored";
  }
  return "unknown";
}

const char* ClassifiedByName(ClassifiedBy by) {
  switch (by) {
    case ClassifiedBy::kRequest:
      return "request";
    case ClassifiedBy::kFailureKeyword:
      return "failure_keyword";
    case ClassifiedBy::kSuccessKeyword:
      return "success_keyword";
    case ClassifiedBy::kStartKeyword:
      return "start_keyword";
    case ClassifiedBy::kNoKeywordMatched:
      return "no_keyword_matched";
    case ClassifiedBy::kMethod:
      return "method";
    case ClassifiedBy::kProbe:
      return "probe";
  }
  return "unknown";
}

namespace {

void RecordStart(Application& app, const Signal& signal, SignalEffect& effect) {
  app.last_start = signal.received_at;
  auto& runs = app.open_runs;
  // A second start with the same rid replaces the first: the run is still open.
  runs.erase(std::remove_if(runs.begin(), runs.end(),
                            [&](const OpenRun& run) { return run.rid == signal.rid; }),
             runs.end());
  if (runs.size() >= kMaxOpenRuns) {  // kept in start order: the oldest goes
    effect.closed_rids.push_back(runs.front().rid);
    runs.erase(runs.begin());
  }
  runs.push_back(OpenRun{signal.rid, signal.received_at});
  effect.opened = runs.back();
}

// A completion with a rid closes the run with that rid; one without closes the
// run started without a rid (healthchecks.io pairs the same way).
std::optional<double> CloseRun(Application& app, const Signal& signal, SignalEffect& effect) {
  auto& runs = app.open_runs;
  const auto run = std::find_if(runs.begin(), runs.end(),
                                [&](const OpenRun& open) { return open.rid == signal.rid; });
  if (run == runs.end()) return std::nullopt;
  const auto elapsed = signal.received_at - run->started_at;
  effect.closed_rids.push_back(run->rid);
  runs.erase(run);
  // A backward clock step can put the completion before its start: no negative durations.
  return std::max(0.0, std::chrono::duration<double>(elapsed).count());
}

}  // namespace

SignalEffect ApplySignal(Application& app, const Signal& signal) {
  // An ignored ping (a crawler's GET, a body without a keyword) is not the job speaking.
  if (signal.kind == SignalKind::kIgnored) return SignalEffect{};
  // Any signal shows the job is alive again, unless the operator asked to resume by hand.
  // A probe's own verdict never resumes: pausing is what stops the probe.
  const bool from_probe = signal.classified_by == ClassifiedBy::kProbe;
  if (app.paused && !app.spec.manual_resume && !from_probe) app.paused = false;

  SignalEffect effect;
  switch (signal.kind) {
    case SignalKind::kStart:
      RecordStart(app, signal, effect);
      break;
    case SignalKind::kOk:
    case SignalKind::kFail:
      effect.completion = true;
      effect.duration_seconds = CloseRun(app, signal, effect);
      if (!effect.duration_seconds) effect.duration_seconds = signal.reported_duration;
      app.last_duration_seconds = effect.duration_seconds;
      ++app.signals_total;
      // The writer applies signals in its order; this flag, not the timestamps,
      // says which completion came last (a clock step cannot reorder them).
      app.last_completion_was_failure = signal.kind == SignalKind::kFail;
      if (signal.kind == SignalKind::kOk) {
        app.last_success = signal.received_at;
      } else {
        app.last_failure = signal.received_at;
        ++app.failures_total;
      }
      break;
    case SignalKind::kLog:
    case SignalKind::kIgnored:
      break;
  }
  return effect;
}

}  // namespace heartbeat
