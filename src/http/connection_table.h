#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "http/connection.h"

namespace heartbeat::http {

// The open connections, one slot each, and who may touch them. A slot is Armed
// while its socket waits in epoll, Busy while one thread works on it. The
// thread that receives an epoll event and the reaper that finds a deadline
// passed both take a slot by compare-and-swap from Armed to Busy, so exactly one
// of them gets it; an event that arrives while the slot is Busy marks it
// Pending, and the owner serves the connection again instead of re-arming. The
// epoll event carries the slot's generation, so an event for a connection that
// was closed (and whose descriptor may be reused) is recognised and dropped.
class ConnectionTable {
 public:
  using Handle = std::uint64_t;  // slot index and generation, the epoll event's data

  explicit ConnectionTable(std::size_t capacity);

  // Stores a new connection in a free slot, owned (Busy) by the caller; the
  // handle for epoll, or 0 when every slot is taken.
  Handle Open(std::unique_ptr<Connection> connection);
  // The connection of an epoll event, now owned by the caller, or null (stale, or already owned).
  Connection* Claim(Handle handle);
  // The connection of slot `index` if it is Armed and its deadline has passed; owned by the caller.
  Connection* ClaimExpired(std::size_t index, SteadyClock::time_point now);
  // Gives up ownership after re-arming epoll. False: an event came meanwhile;
  // the caller still owns the connection and must serve it again.
  bool Release(Handle handle);
  // Destroys the owned connection (closing its socket) and frees the slot.
  void Close(Handle handle);

  Handle HandleOf(std::size_t index) const;
  std::size_t capacity() const { return slots_.size(); }
  std::size_t open() const { return open_.load(std::memory_order_relaxed); }

 private:
  enum State : std::uint64_t { kFree = 0, kArmed = 1, kBusy = 2, kPending = 3 };
  struct Slot {
    std::atomic<std::uint64_t> word{kFree};  // generation << 2 | state
    std::atomic<std::int64_t> deadline{0};   // steady clock, ns; read by the reaper
    std::unique_ptr<Connection> connection;
  };
  static std::uint64_t Word(std::uint32_t generation, State state) {
    return static_cast<std::uint64_t>(generation) << 2 | state;
  }

  std::vector<Slot> slots_;
  std::mutex free_mutex_;
  std::vector<std::size_t> free_;
  std::atomic<std::size_t> open_{0};
};

}  // namespace heartbeat::http
