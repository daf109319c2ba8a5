#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace heartbeat {

// Keeps the last `limit` bytes of a stream: the end of a log is what explains
// a failure. Memory stays within 2 x limit whatever the stream's length.
class TailBuffer {
 public:
  explicit TailBuffer(std::size_t limit) : limit_(limit) {}

  void Append(std::string_view data) {
    total_ += data.size();
    if (data.size() >= limit_) {
      buffer_.assign(data.substr(data.size() - limit_));
      return;
    }
    buffer_.append(data);
    if (buffer_.size() > 2 * limit_) buffer_.erase(0, buffer_.size() - limit_);
  }

  // The kept bytes: at most `limit`, the last ones received.
  std::string Take() {
    if (buffer_.size() > limit_) buffer_.erase(0, buffer_.size() - limit_);
    return std::move(buffer_);
  }

  std::size_t total_bytes() const { return total_; }

 private:
  std::size_t limit_;
  std::size_t total_ = 0;
  std::string buffer_;
};

}  // namespace heartbeat
