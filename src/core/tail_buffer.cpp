#include "heartbeat/core/tail_buffer.h"

namespace heartbeat {

void TailBuffer::Append(std::string_view data) {
  total_ += data.size();
  if (data.size() >= capacity_) {
    buffer_.assign(data.substr(data.size() - capacity_));
    return;
  }
  buffer_.append(data);
  // Trimming only past 2 x capacity makes the erase amortized O(1) per byte.
  if (buffer_.size() > 2 * capacity_) buffer_.erase(0, buffer_.size() - capacity_);
}

std::string TailBuffer::Contents() const { return buffer_.substr(buffer_.size() - size()); }

std::string TailBuffer::Take() {
  if (buffer_.size() > capacity_) buffer_.erase(0, buffer_.size() - capacity_);
  std::string out = std::move(buffer_);
  buffer_.clear();
  return out;
}

}  // namespace heartbeat
