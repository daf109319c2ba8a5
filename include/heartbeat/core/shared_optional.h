#pragma once

#include <memory>
#include <optional>
#include <utility>

namespace heartbeat {

// An optional, immutable value kept on the heap and shared by copies: 16 bytes
// inline whether set or not. For the rarely set parts of a record that every
// application carries and the writer copies per change (ApplicationSpec's probe
// and ping filter: inline, they took 240 and 80 bytes in each of 100k pushed
// applications, docs/performance.md "RSS per application"). Compares by value.
template <class T>
class SharedOptional {
 public:
  SharedOptional() = default;
  SharedOptional(std::nullopt_t) {}  // NOLINT(google-explicit-constructor): as std::optional
  SharedOptional(T value)            // NOLINT(google-explicit-constructor)
      : value_(std::make_shared<const T>(std::move(value))) {}
  SharedOptional(std::optional<T> value)  // NOLINT(google-explicit-constructor)
      : value_(value ? std::make_shared<const T>(std::move(*value)) : nullptr) {}

  explicit operator bool() const { return value_ != nullptr; }
  bool has_value() const { return value_ != nullptr; }
  const T& operator*() const { return *value_; }
  const T* operator->() const { return value_.get(); }
  const T* get() const { return value_.get(); }

  friend bool operator==(const SharedOptional& a, const SharedOptional& b) {
    if (!a || !b) return !a && !b;
    return a.value_ == b.value_ || *a == *b;
  }

 private:
  std::shared_ptr<const T> value_;
};

}  // namespace heartbeat
