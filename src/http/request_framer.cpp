#include "http/request_framer.h"

#include <algorithm>
#include <cctype>

#include "heartbeat/core/text.h"

namespace heartbeat::http {

namespace {

constexpr std::string_view kKnownMethods[] = {"GET",    "HEAD",  "POST",   "PUT",
                                              "DELETE", "PATCH", "OPTIONS"};

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view TrimView(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX in the path decoded as httplib decodes it, so a request is classified by
// the path its route will see.
std::string PercentDecode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      decoded += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

// The headers the framer acts on; they are not passed on as sent (the body is
// de-chunked and decoded before httplib sees it, and "Connection" is restated
// in the spelling httplib compares case-sensitively).
bool IsRewrittenHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
         EqualsIgnoreCase(name, "Content-Encoding") || EqualsIgnoreCase(name, "Expect") ||
         EqualsIgnoreCase(name, "Connection");
}

}  // namespace

struct RequestFramer::Framing {
  std::optional<unsigned long long> content_length;
  bool chunked = false;
  bool multipart = false;
  std::string connection;
};

RequestFramer::RequestFramer(FramingLimits limits, Classifier classify)
    : limits_(limits), classify_(std::move(classify)) {}

RequestFramer::Progress RequestFramer::Fail(int status, std::string sentence, bool body_unread) {
  error_ = FramingError{status, std::move(sentence), body_unread};
  return Progress::kFailed;
}

RequestFramer::Progress RequestFramer::Consume(std::string& input,
                                               std::chrono::steady_clock::time_point now) {
  if (phase_ == Phase::kIdle) {
    if (input.empty()) return Progress::kNeedMore;
    request_ = FramedRequest{};
    request_.first_byte = now;
    phase_ = Phase::kHead;
    scanned_ = 0;
    line_start_ = 0;
  }
  if (phase_ == Phase::kHead) {
    const Progress head = ScanHead(input);
    if (head == Progress::kFailed || phase_ == Phase::kHead) return head;
  }
  return ConsumeBody(input);
}

// Finds the blank line that ends the head, checking the line and block sizes
// as the bytes arrive (a 9 KiB request line is refused without waiting for its end).
RequestFramer::Progress RequestFramer::ScanHead(std::string& input) {
  // Tolerate the empty lines a client may send between requests (RFC 9112 2.2).
  while (scanned_ == 0 && !input.empty() && (input[0] == '\r' || input[0] == '\n')) {
    if (input[0] == '\r' && input.size() < 2) return Progress::kNeedMore;
    input.erase(0, input[0] == '\r' && input[1] == '\n' ? 2 : 1);
  }
  std::size_t& line_start = line_start_;
  for (std::size_t at = scanned_; at < input.size(); ++at) {
    if (input[at] != '\n') continue;
    const std::size_t line_end = at > line_start && input[at - 1] == '\r' ? at - 1 : at;
    if (line_end == line_start && line_start > 0) {  // the blank line
      const std::string head = input.substr(0, line_start);
      input.erase(0, at + 1);
      return AcceptHead(head);
    }
    const std::size_t limit =
        line_start == 0 ? limits_.request_line_bytes : limits_.header_line_bytes;
    if (line_end - line_start > limit) break;  // reported below
    line_start = at + 1;
  }
  scanned_ = input.size();
  const bool first_line = line_start == 0;
  if (first_line && input.size() > limits_.request_line_bytes)
    return Fail(414, "the request line is longer than " +
                         std::to_string(limits_.request_line_bytes) + " bytes");
  if (!first_line && input.size() - line_start > limits_.header_line_bytes)
    return Fail(431, "a header line is longer than " + std::to_string(limits_.header_line_bytes) +
                         " bytes");
  if (input.size() > limits_.header_block_bytes)
    return Fail(431, "the request headers are larger than " +
                         std::to_string(limits_.header_block_bytes) + " bytes");
  return Progress::kNeedMore;
}

RequestFramer::Progress RequestFramer::AcceptHead(std::string_view head) {
  if (head.size() > limits_.header_block_bytes)
    return Fail(431, "the request headers are larger than " +
                         std::to_string(limits_.header_block_bytes) + " bytes");
  const std::size_t line_end = head.find('\n');
  std::string_view line = head.substr(0, line_end);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (const Progress parsed = ParseRequestLine(line); parsed == Progress::kFailed) return parsed;
  request_.head.reserve(head.size() + 2);
  request_.head.append(line).append("\r\n");
  Framing framing;
  if (const Progress parsed = ParseHeaders(head.substr(line_end + 1), framing);
      parsed == Progress::kFailed)
    return parsed;
  return ApplyFraming(framing);
}

RequestFramer::Progress RequestFramer::ParseRequestLine(std::string_view line) {
  const std::size_t first_space = line.find(' ');
  const std::size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space)
    return Fail(400, "the request line is malformed");
  request_.method = std::string(line.substr(0, first_space));
  const std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  const std::string_view version = line.substr(last_space + 1);
  if (std::find(std::begin(kKnownMethods), std::end(kKnownMethods), request_.method) ==
      std::end(kKnownMethods))
    return Fail(400, "the method is not one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
  if (version != "HTTP/1.1" && version != "HTTP/1.0")
    return Fail(400, "only HTTP/1.0 and HTTP/1.1 are served");
  if (target.empty() || target.front() != '/' || target.find(' ') != std::string_view::npos)
    return Fail(400, "the request target is malformed");
  request_.path = PercentDecode(target.substr(0, target.find('?')));
  request_.path_class = classify_(request_.path);
  http10_ = version == "HTTP/1.0";
  request_.keep_alive = !http10_;
  return Progress::kNeedMore;
}

RequestFramer::Progress RequestFramer::ParseHeaders(std::string_view block, Framing& framing) {
  std::size_t count = 0;
  while (!block.empty()) {
    const std::size_t end = block.find('\n');
    std::string_view line = block.substr(0, end);
    block.remove_prefix(end == std::string_view::npos ? block.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (++count > limits_.header_count)
      return Fail(431,
                  "the request has more than " + std::to_string(limits_.header_count) + " headers");
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos ||
        !std::all_of(line.begin(), line.begin() + static_cast<long>(colon), IsTokenChar))
      return Fail(400, "a header line is malformed");
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = TrimView(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "Content-Length")) {
      if (value.empty() || value.size() > 18 ||
          value.find_first_not_of("0123456789") != std::string_view::npos)
        return Fail(400, "the Content-Length header is not a number");
      const unsigned long long length = std::stoull(std::string(value));
      if (framing.content_length && *framing.content_length != length)
        return Fail(400, "the request has conflicting Content-Length headers");
      framing.content_length = length;
    } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      if (!EqualsIgnoreCase(value, "chunked") || framing.chunked)
        return Fail(400, "the only Transfer-Encoding served is chunked");
      framing.chunked = true;
    } else if (EqualsIgnoreCase(name, "Content-Encoding")) {
      request_.content_encoding = ToLower(std::string(value));
      if (request_.content_encoding == "identity") request_.content_encoding.clear();
    } else if (EqualsIgnoreCase(name, "Expect")) {
      expect_continue_ = EqualsIgnoreCase(value, "100-continue");
    } else if (EqualsIgnoreCase(name, "Connection")) {
      framing.connection = ToLower(std::string(value));
    } else if (EqualsIgnoreCase(name, "Content-Type")) {
      framing.multipart = StartsWith(ToLower(std::string(value)), "multipart/form-data");
    }
    if (!IsRewrittenHeader(name)) request_.head.append(line).append("\r\n");
  }
  return Progress::kNeedMore;
}

RequestFramer::Progress RequestFramer::ApplyFraming(const Framing& framing) {
  if (framing.chunked && framing.content_length)
    return Fail(400, "the request has both Content-Length and Transfer-Encoding");
  if (framing.connection.find("close") != std::string::npos) request_.keep_alive = false;
  if (framing.connection.find("keep-alive") != std::string::npos) request_.keep_alive = true;
  if (!request_.keep_alive) {
    request_.head += "Connection: close\r\n";
  } else if (http10_) {
    request_.head += "Connection: Keep-Alive\r\n";
  }
  // A streamed body can be kept by its tail only when it needs no decoding or
  // part parsing first; those are read whole, up to the body limit.
  const bool tail_kept = request_.path_class.body == BodyPolicy::kTailKept &&
                         request_.content_encoding.empty() && !framing.multipart;
  if (tail_kept) {
    tail_.emplace(limits_.tail_bytes);
  } else {
    tail_.reset();
  }
  body_limit_ = limits_.body_bytes;
  if (!tail_kept && framing.content_length && *framing.content_length > body_limit_)
    return Fail(413, "the request body is larger than " + std::to_string(body_limit_) + " bytes",
                true);
  if (framing.chunked) {
    phase_ = Phase::kChunkSize;
  } else {
    remaining_ = framing.content_length.value_or(0);  // no framing: no body, no wait
    phase_ = Phase::kFixedBody;
  }
  if (!expect_continue_ || (!framing.chunked && remaining_ == 0)) expect_continue_ = false;
  return Progress::kNeedMore;
}

bool RequestFramer::KeepBody(std::string_view data) {
  if (tail_) {
    tail_->Append(data);
    return true;
  }
  if (request_.body.size() + data.size() > body_limit_) return false;
  request_.body.append(data);
  return true;
}

RequestFramer::Progress RequestFramer::ConsumeBody(std::string& input) {
  std::size_t used = 0;
  Progress progress = Progress::kNeedMore;
  if (phase_ == Phase::kFixedBody) {
    const std::size_t take =
        static_cast<std::size_t>(std::min<unsigned long long>(remaining_, input.size()));
    KeepBody(std::string_view(input).substr(0, take));  // the length was checked at the head
    used = take;
    remaining_ -= take;
    if (remaining_ == 0) progress = Progress::kComplete;
  } else {
    progress = ConsumeChunked(input, used);
  }
  input.erase(0, used);
  if (progress == Progress::kComplete) {
    if (tail_) request_.body = tail_->Take();
    tail_.reset();
    phase_ = Phase::kIdle;
  }
  return progress;
}

// Chunks: "<hex size>[;extension]" CRLF, the data, CRLF; a zero size, then
// trailer lines (discarded) up to a blank line.
RequestFramer::Progress RequestFramer::ConsumeChunked(std::string& input, std::size_t& used) {
  constexpr std::size_t kMaxChunkLine = 1024;
  while (used < input.size()) {
    if (phase_ == Phase::kChunkData) {
      const std::size_t take =
          static_cast<std::size_t>(std::min<unsigned long long>(remaining_, input.size() - used));
      if (!KeepBody(std::string_view(input).substr(used, take)))
        return Fail(
            413, "the request body is larger than " + std::to_string(body_limit_) + " bytes", true);
      used += take;
      remaining_ -= take;
      if (remaining_ == 0) phase_ = Phase::kChunkEnd;
      continue;
    }
    const std::size_t newline = input.find('\n', used);
    if (newline == std::string::npos) {
      if (input.size() - used > kMaxChunkLine) return Fail(400, "a chunk header is malformed");
      return Progress::kNeedMore;
    }
    std::string_view line(input.data() + used, newline - used);
    used = newline + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxChunkLine) return Fail(400, "a chunk header is malformed");
    if (phase_ == Phase::kChunkEnd) {
      if (!line.empty()) return Fail(400, "a chunk does not end where its size says");
      phase_ = Phase::kChunkSize;
    } else if (phase_ == Phase::kTrailer) {
      if (line.empty()) return Progress::kComplete;
      if (++trailer_lines_ > limits_.header_count) return Fail(431, "too many trailer lines");
    } else {
      const std::string_view size = TrimView(line.substr(0, line.find(';')));
      if (size.empty() || size.size() > 15 ||
          !std::all_of(size.begin(), size.end(), [](char c) { return HexValue(c) >= 0; }))
        return Fail(400, "a chunk size is malformed");
      remaining_ = std::stoull(std::string(size), nullptr, 16);
      phase_ = remaining_ == 0 ? Phase::kTrailer : Phase::kChunkData;
      trailer_lines_ = 0;
    }
  }
  return Progress::kNeedMore;
}

bool RequestFramer::TakeContinueRequest() {
  const bool answer = expect_continue_ && phase_ != Phase::kHead && phase_ != Phase::kIdle;
  if (answer) expect_continue_ = false;
  return answer;
}

FramedRequest RequestFramer::TakeRequest() { return std::move(request_); }

}  // namespace heartbeat::http
