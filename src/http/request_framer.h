#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "heartbeat/core/tail_buffer.h"
#include "http/route_table.h"

namespace heartbeat::http {

// The HTTP/1.x limits enforced while a request is read, before anything is
// allocated on the client's word.
struct FramingLimits {
  std::size_t request_line_bytes = 8192;   // over it: 414
  std::size_t header_line_bytes = 8192;    // over it: 431
  std::size_t header_block_bytes = 32768;  // request line and headers together; over it: 431
  std::size_t header_count = 100;          // over it: 431
  std::size_t body_bytes = 1024 * 1024;    // BodyPolicy::kLimited, raw or decoded; over it: 413
  std::size_t tail_bytes = 100 * 1024;     // BodyPolicy::kTailKept: the bytes kept
};

// A request refused while it was read: the answer, and whether the client may
// still be sending a body we did not read (then the close lingers, draining it).
struct FramingError {
  int status = 400;
  std::string sentence;
  bool body_unread = false;
};

// One whole request, ready for httplib: the request line and headers (without
// the framing headers, which the body no longer needs: it is de-chunked and
// tail-kept) and the body, still in its Content-Encoding if it has one.
struct FramedRequest {
  std::string head;  // request line and headers, each ending in CRLF, no blank line
  std::string body;
  std::string content_encoding;  // lower case; empty for none or identity
  std::string method;
  std::string path;  // the target's path, percent-decoded, without the query
  PathClass path_class;
  bool keep_alive = true;  // false for "Connection: close" and HTTP/1.0 without keep-alive
  std::chrono::steady_clock::time_point first_byte;
};

// Splits a byte stream into requests, incrementally: bytes arrive in any
// pieces (one at a time, or five pipelined requests in one read), and each
// request's framing is checked as soon as the bytes that decide it are there.
class RequestFramer {
 public:
  using Classifier = std::function<PathClass(const std::string& path)>;
  enum class Progress { kNeedMore, kComplete, kFailed };

  RequestFramer(FramingLimits limits, Classifier classify);

  // Consumes bytes from the front of `input` (what it has taken is erased).
  // kComplete: TakeRequest(); the rest of `input` is the next request.
  Progress Consume(std::string& input, std::chrono::steady_clock::time_point now);
  FramedRequest TakeRequest();
  const FramingError& error() const { return error_; }

  // True once a request's first byte has arrived and until it is complete.
  bool started() const { return phase_ != Phase::kIdle; }
  std::chrono::steady_clock::time_point first_byte() const { return request_.first_byte; }
  // The head was accepted and the client asked "Expect: 100-continue": answer it once.
  bool TakeContinueRequest();
  // What is known of the request so far, for labelling an error answer.
  const FramedRequest& partial() const { return request_; }

 private:
  enum class Phase { kIdle, kHead, kFixedBody, kChunkSize, kChunkData, kChunkEnd, kTrailer };
  struct Framing;

  Progress ScanHead(std::string& input);
  Progress AcceptHead(std::string_view head);
  Progress ParseRequestLine(std::string_view line);
  Progress ParseHeaders(std::string_view block, Framing& framing);
  Progress ApplyFraming(const Framing& framing);
  Progress ConsumeBody(std::string& input);
  Progress ConsumeChunked(std::string& input, std::size_t& used);
  bool KeepBody(std::string_view data);
  Progress Fail(int status, std::string sentence, bool body_unread = false);

  FramingLimits limits_;
  Classifier classify_;
  Phase phase_ = Phase::kIdle;
  std::size_t scanned_ = 0;     // bytes of the head already searched for its end
  std::size_t line_start_ = 0;  // where the head's current line starts
  std::size_t trailer_lines_ = 0;
  FramedRequest request_;
  FramingError error_;
  std::optional<TailBuffer> tail_;
  std::size_t body_limit_ = 0;        // kLimited: raw bytes allowed
  unsigned long long remaining_ = 0;  // of the fixed body or the current chunk
  bool expect_continue_ = false;
  bool http10_ = false;
};

}  // namespace heartbeat::http
