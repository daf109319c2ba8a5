#include "http/connection_table.h"

namespace heartbeat::http {

namespace {

std::size_t IndexOf(ConnectionTable::Handle handle) {
  return static_cast<std::size_t>(handle >> 32);
}
std::uint32_t GenerationOf(ConnectionTable::Handle handle) {
  return static_cast<std::uint32_t>(handle);
}

}  // namespace

ConnectionTable::ConnectionTable(std::size_t capacity) : slots_(capacity) {
  free_.reserve(capacity);
  for (std::size_t i = capacity; i > 0; --i) free_.push_back(i - 1);
}

ConnectionTable::Handle ConnectionTable::HandleOf(std::size_t index) const {
  const std::uint64_t word = slots_[index].word.load(std::memory_order_acquire);
  return static_cast<Handle>(index) << 32 | static_cast<std::uint32_t>(word >> 2);
}

ConnectionTable::Handle ConnectionTable::Open(std::unique_ptr<Connection> connection) {
  std::size_t index = 0;
  {
    std::lock_guard lock(free_mutex_);
    if (free_.empty()) return 0;
    index = free_.back();
    free_.pop_back();
  }
  Slot& slot = slots_[index];
  // Generations start at 1, so no valid handle is 0.
  const auto generation = static_cast<std::uint32_t>((slot.word.load() >> 2) + 1);
  slot.connection = std::move(connection);
  slot.word.store(Word(generation == 0 ? 1 : generation, kBusy), std::memory_order_release);
  open_.fetch_add(1, std::memory_order_relaxed);
  return HandleOf(index);
}

Connection* ConnectionTable::Claim(Handle handle) {
  Slot& slot = slots_[IndexOf(handle)];
  std::uint64_t word = slot.word.load(std::memory_order_acquire);
  for (;;) {
    if (static_cast<std::uint32_t>(word >> 2) != GenerationOf(handle)) return nullptr;
    const auto state = static_cast<State>(word & 3);
    if (state == kFree || state == kPending) return nullptr;
    const State next = state == kArmed ? kBusy : kPending;
    if (slot.word.compare_exchange_weak(word, (word & ~std::uint64_t{3}) | next,
                                        std::memory_order_acq_rel)) {
      return next == kBusy ? slot.connection.get() : nullptr;
    }
  }
}

Connection* ConnectionTable::ClaimExpired(std::size_t index, SteadyClock::time_point now) {
  Slot& slot = slots_[index];
  std::uint64_t word = slot.word.load(std::memory_order_acquire);
  if ((word & 3) != kArmed) return nullptr;
  if (slot.deadline.load(std::memory_order_relaxed) > now.time_since_epoch().count())
    return nullptr;
  if (!slot.word.compare_exchange_strong(word, (word & ~std::uint64_t{3}) | kBusy,
                                         std::memory_order_acq_rel))
    return nullptr;
  return slot.connection.get();
}

bool ConnectionTable::Release(Handle handle) {
  Slot& slot = slots_[IndexOf(handle)];
  slot.deadline.store(slot.connection->deadline.time_since_epoch().count(),
                      std::memory_order_relaxed);
  std::uint64_t word = Word(GenerationOf(handle), kBusy);
  if (slot.word.compare_exchange_strong(word, Word(GenerationOf(handle), kArmed),
                                        std::memory_order_acq_rel))
    return true;
  slot.word.store(Word(GenerationOf(handle), kBusy), std::memory_order_release);  // was Pending
  return false;
}

void ConnectionTable::Close(Handle handle) {
  const std::size_t index = IndexOf(handle);
  Slot& slot = slots_[index];
  slot.connection.reset();
  slot.word.store(Word(GenerationOf(handle), kFree), std::memory_order_release);
  open_.fetch_sub(1, std::memory_order_relaxed);
  std::lock_guard lock(free_mutex_);
  free_.push_back(index);
}

}  // namespace heartbeat::http
