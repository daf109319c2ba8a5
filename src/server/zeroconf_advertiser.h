#pragma once

#include <string>

struct AvahiServer;
struct AvahiSEntryGroup;
struct AvahiThreadedPoll;

namespace heartbeat {

// What Healthchecker.Server's client resolves: the instance `_healthchecker` of
// type `_http._tcp` in `.local`, with the address and port it then calls.
struct ZeroconfRecord {
  std::string address;  // the listen host; "0.0.0.0" or "": the host's own addresses
  int port = 0;
  std::string version;
  std::string description;
};

// An embedded mDNS responder (Avahi's avahi-core: no daemon, no D-Bus) that
// publishes one ZeroconfRecord on IPv4 until destroyed. It runs on its own
// thread and shares UDP 5353 with a host's avahi-daemon (SO_REUSEADDR).
class ZeroconfAdvertiser {
 public:
  // Throws std::runtime_error with a sentence when the responder cannot start.
  explicit ZeroconfAdvertiser(ZeroconfRecord record);
  ~ZeroconfAdvertiser();
  ZeroconfAdvertiser(const ZeroconfAdvertiser&) = delete;
  ZeroconfAdvertiser& operator=(const ZeroconfAdvertiser&) = delete;

  // Avahi's callbacks (its state enums as int, so this header needs none of Avahi's).
  static void OnServerState(AvahiServer* server, int state, void* self);
  static void OnGroupState(AvahiServer* server, AvahiSEntryGroup* group, int state, void* self);

 private:
  // Adds the service (and, for a specific listen address, its A record); logs what it did.
  void Publish(AvahiServer* server);

  ZeroconfRecord record_;
  AvahiThreadedPoll* poll_ = nullptr;
  AvahiServer* server_ = nullptr;
  AvahiSEntryGroup* group_ = nullptr;
};

}  // namespace heartbeat
