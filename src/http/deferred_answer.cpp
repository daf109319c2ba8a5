#include "http/deferred_answer.h"

namespace heartbeat::http {

namespace {

thread_local DeferralScope* t_deferral = nullptr;
thread_local const DeferredAnswer* t_completing = nullptr;

}  // namespace

DeferralScope::DeferralScope() : outer_(t_deferral) { t_deferral = this; }

DeferralScope::~DeferralScope() { t_deferral = outer_; }

void RecordSignalThenReply(HttpContext& context, httplib::Response& res, long long application_id,
                           Signal signal, SignalReply reply) {
  DeferralScope* scope = t_deferral;
  if (scope == nullptr || scope->answer_) {
    reply(res, context.store.RecordSignal(application_id, std::move(signal)));
    return;
  }
  auto answer = std::make_shared<DeferredAnswer>();
  answer->application_id = application_id;
  answer->signal = std::move(signal);
  answer->reply = std::move(reply);
  answer->status = res.status;
  answer->headers = res.headers;
  scope->answer_ = std::move(answer);
}

bool AnswerDeferredOnThisThread() { return t_deferral != nullptr && t_deferral->deferred(); }

CompletionScope::CompletionScope(const DeferredAnswer& answer) : outer_(t_completing) {
  t_completing = &answer;
}

CompletionScope::~CompletionScope() { t_completing = outer_; }

bool FillCompletedAnswer(httplib::Response& res) {
  if (t_completing == nullptr) return false;
  res.status = t_completing->status;
  res.headers = t_completing->headers;
  t_completing->reply(res, t_completing->result);
  return true;
}

}  // namespace heartbeat::http
