#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace heartbeat::ctl {

// The last `capacity` bytes of a job's combined stdout and stderr, kept in a
// fixed ring so a job printing gigabytes costs no more memory than one printing
// a page. The tail is what the completion ping carries as the run's log.
class OutputTail {
 public:
  static constexpr std::size_t kDefaultCapacity = 100 * 1024;

  explicit OutputTail(std::size_t capacity = kDefaultCapacity);

  void Append(std::string_view bytes);
  // The kept bytes, oldest first.
  std::string Contents() const;
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return buffer_.size(); }
  // Everything ever appended, kept or not: tells whether the tail was cut.
  unsigned long long total_bytes() const { return total_bytes_; }

 private:
  std::string buffer_;
  std::size_t start_ = 0;  // index of the oldest kept byte
  std::size_t size_ = 0;
  unsigned long long total_bytes_ = 0;
};

}  // namespace heartbeat::ctl
