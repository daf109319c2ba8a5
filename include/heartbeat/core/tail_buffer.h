#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace heartbeat {

// Keeps the last `capacity` bytes of a stream: the end of a log is what
// explains a failure. Used for ping bodies (the exporter) and a job's output
// (heartbeatctl exec). Memory grows with what arrives and stays within
// 2 x capacity whatever the stream's length; nothing is allocated up front,
// so a small ping body costs a small buffer.
class TailBuffer {
 public:
  static constexpr std::size_t kDefaultCapacity = 100 * 1024;

  explicit TailBuffer(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  void Append(std::string_view data);
  // The kept bytes, oldest first: at most `capacity`, the last ones received.
  std::string Contents() const;
  // The same, leaving the buffer empty (no copy).
  std::string Take();

  std::size_t size() const { return buffer_.size() < capacity_ ? buffer_.size() : capacity_; }
  std::size_t capacity() const { return capacity_; }
  // Everything ever appended, kept or not: tells whether the tail was cut.
  unsigned long long total_bytes() const { return total_; }

 private:
  std::size_t capacity_;
  unsigned long long total_ = 0;
  std::string buffer_;  // may hold up to 2 x capacity; the kept bytes are its end
};

}  // namespace heartbeat
