#include "ctl/output_tail.h"

#include <algorithm>

namespace heartbeat::ctl {

OutputTail::OutputTail(std::size_t capacity) : buffer_(capacity, '\0') {}

void OutputTail::Append(std::string_view bytes) {
  total_bytes_ += bytes.size();
  const std::size_t capacity = buffer_.size();
  if (capacity == 0) return;
  if (bytes.size() >= capacity) {
    // Only the newest `capacity` bytes can survive: keep them and restart the ring.
    bytes.copy(buffer_.data(), capacity, bytes.size() - capacity);
    start_ = 0;
    size_ = capacity;
    return;
  }
  std::size_t write_at = (start_ + size_) % capacity;
  std::size_t first = std::min(bytes.size(), capacity - write_at);
  bytes.copy(buffer_.data() + write_at, first, 0);
  bytes.copy(buffer_.data(), bytes.size() - first, first);
  const std::size_t new_size = size_ + bytes.size();
  if (new_size > capacity) {
    start_ = (start_ + new_size - capacity) % capacity;
    size_ = capacity;
  } else {
    size_ = new_size;
  }
}

std::string OutputTail::Contents() const {
  std::string out;
  out.reserve(size_);
  const std::size_t capacity = buffer_.size();
  const std::size_t first = std::min(size_, capacity - start_);
  out.append(buffer_, start_, first);
  out.append(buffer_, 0, size_ - first);
  return out;
}

}  // namespace heartbeat::ctl
