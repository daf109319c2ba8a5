#pragma once

// A tiny in-test HTTP server on a free 127.0.0.1 port that records every
// request and answers from a script (default 200 "OK"), standing in for the
// heartbeat server's ping and API endpoints.

#include <httplib.h>

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace heartbeat::ctl::testing {

struct RecordedRequest {
  std::string method;
  std::string path;
  std::string rid;  // the rid query parameter, empty if absent
  std::string body;
  std::string content_type;
  std::string authorization;
};

struct ScriptedAnswer {
  int status = 200;
  std::string body = "OK";
  std::string content_type = "text/plain";
};

class PingRecorder {
 public:
  PingRecorder() : PingRecorder(std::make_unique<httplib::Server>(), "http") {}
  // An https recorder serving `cert_file` (PEM) with `key_file`.
  PingRecorder(const std::string& cert_file, const std::string& key_file)
      : PingRecorder(std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str()),
                     "https") {}

 private:
  PingRecorder(std::unique_ptr<httplib::Server> server, std::string scheme)
      : server_(std::move(server)), scheme_(std::move(scheme)) {
    const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back({request.method, request.path, request.get_param_value("rid"),
                           request.body, request.get_header_value("Content-Type"),
                           request.get_header_value("Authorization")});
      ScriptedAnswer answer;
      if (!script_.empty()) {
        answer = script_.front();
        script_.pop_front();
      }
      response.status = answer.status;
      response.set_content(answer.body, answer.content_type.c_str());
    };
    const std::string any = R"(/.*)";
    server_->Get(any, handler);
    server_->Post(any, handler);
    server_->Patch(any, handler);
    server_->Delete(any, handler);
    server_->Options(any, handler);
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() is a no-op before the accept loop runs, so wait for it to start.
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

 public:
  ~PingRecorder() {
    server_->stop();
    thread_.join();
  }
  PingRecorder(const PingRecorder&) = delete;
  PingRecorder& operator=(const PingRecorder&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "") const {
    return scheme_ + "://127.0.0.1:" + std::to_string(port_) + path;
  }
  // Answers for the next requests, in order; afterwards every request gets 200 "OK".
  void Script(std::vector<ScriptedAnswer> answers) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_.assign(answers.begin(), answers.end());
  }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::deque<ScriptedAnswer> script_;
};

}  // namespace heartbeat::ctl::testing
