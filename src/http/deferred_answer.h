#pragma once

// Answers that wait for a commit without a thread waiting with them (issue 11).
// A ping handler runs on a connection thread; if that thread waited for the
// commit (about 2 ms with fsync), 64 threads sleeping and waking once per
// request cost a third of the exporter's CPU under keep-alive load. Instead
// the handler says how it will answer, the connection layer submits the
// signal after the handler returns and the thread goes on serving other
// connections. The committing thread only hands the connection back to epoll
// (ConnectionServer::Resume); the connection thread that takes it writes the
// answer: httplib processes the request a second time, and its pre-routing
// hook answers from the deferred reply instead of routing.

#include <httplib.h>

#include <functional>
#include <memory>

#include "heartbeat/core/signal.h"
#include "heartbeat/store/store.h"
#include "http/context.h"
#include "http/request_framer.h"

namespace heartbeat::http {

// Renders a handler's answer from the store's answer to its signal.
using SignalReply = std::function<void(httplib::Response& res, const WriteResult& result)>;

// Records `signal` for the application and answers with `reply` once it is
// committed. Inside a DeferralScope (the connection layer) this returns at once
// and the answer is written later; elsewhere it blocks until the commit. It
// must be the handler's last step: what the handler set on `res` before it
// (headers, a status) is kept.
void RecordSignalThenReply(HttpContext& context, httplib::Response& res, long long application_id,
                           Signal signal, SignalReply reply);

// A handler's answer waiting for its commit.
struct DeferredAnswer {
  long long application_id = 0;
  Signal signal;
  SignalReply reply;
  int status = -1;           // what the handler set before deferring
  httplib::Headers headers;  // likewise
  FramedRequest request;     // processed again to write the answer
  bool close = false;        // the answer closes the connection
  WriteResult result;        // the store's answer, once committed
};

// While one lives on a thread, the first RecordSignalThenReply there defers.
class DeferralScope {
 public:
  DeferralScope();
  ~DeferralScope();
  DeferralScope(const DeferralScope&) = delete;
  DeferralScope& operator=(const DeferralScope&) = delete;

  // The answer the handler deferred, or null when it answered at once.
  std::shared_ptr<DeferredAnswer> Take() { return std::move(answer_); }
  bool deferred() const { return answer_ != nullptr; }

 private:
  friend void RecordSignalThenReply(HttpContext&, httplib::Response&, long long, Signal,
                                    SignalReply);
  std::shared_ptr<DeferredAnswer> answer_;
  DeferralScope* outer_;
};

// True while the request being processed on this thread has deferred its
// answer: what httplib writes for it now is a placeholder, not to be counted.
bool AnswerDeferredOnThisThread();

// While one lives on a thread, httplib's pre-routing hook answers the request
// with `answer` (FillCompletedAnswer) instead of routing it to its handler again.
class CompletionScope {
 public:
  explicit CompletionScope(const DeferredAnswer& answer);
  ~CompletionScope();
  CompletionScope(const CompletionScope&) = delete;
  CompletionScope& operator=(const CompletionScope&) = delete;

 private:
  const DeferredAnswer* outer_;
};

// Writes the answer being completed on this thread into `res`; false when none is.
bool FillCompletedAnswer(httplib::Response& res);

}  // namespace heartbeat::http
