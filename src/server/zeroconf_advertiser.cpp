#include "server/zeroconf_advertiser.h"

#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/thread-watch.h>
#include <avahi-core/core.h>
#include <avahi-core/publish.h>

#include <stdexcept>

#include "heartbeat/log/logging.h"

namespace heartbeat {

namespace {

constexpr const char* kInstance = "_healthchecker";
constexpr const char* kType = "_http._tcp";

bool IsWildcard(const std::string& address) { return address.empty() || address == "0.0.0.0"; }

// The callbacks take Avahi's enums; the header keeps them as int to stay free of Avahi's headers.
void ServerCallback(AvahiServer* server, AvahiServerState state, void* self) {
  ZeroconfAdvertiser::OnServerState(server, static_cast<int>(state), self);
}

void GroupCallback(AvahiServer* server, AvahiSEntryGroup* group, AvahiEntryGroupState state,
                   void* self) {
  ZeroconfAdvertiser::OnGroupState(server, group, static_cast<int>(state), self);
}

}  // namespace

ZeroconfAdvertiser::ZeroconfAdvertiser(ZeroconfRecord record) : record_(std::move(record)) {
  poll_ = avahi_threaded_poll_new();
  if (poll_ == nullptr) throw std::runtime_error("--zeroconf.advertise: cannot create a poll loop");
  AvahiServerConfig config;
  avahi_server_config_init(&config);
  config.use_ipv4 = 1;
  config.use_ipv6 = 0;  // the client reads the first IPv4 address
  config.publish_hinfo = 0;
  config.publish_workstation = 0;
  config.publish_domain = 0;
  config.disallow_other_stacks = 0;  // share UDP 5353 with a host's avahi-daemon
  int error = 0;
  server_ = avahi_server_new(avahi_threaded_poll_get(poll_), &config, ServerCallback, this, &error);
  avahi_server_config_free(&config);
  if (server_ == nullptr) {
    avahi_threaded_poll_free(poll_);
    throw std::runtime_error(
        std::string("--zeroconf.advertise: cannot start the mDNS responder: ") +
        avahi_strerror(error));
  }
  avahi_threaded_poll_start(poll_);
}

ZeroconfAdvertiser::~ZeroconfAdvertiser() {
  avahi_threaded_poll_stop(poll_);
  if (group_ != nullptr) avahi_s_entry_group_free(group_);  // sends the goodbye records
  avahi_server_free(server_);
  avahi_threaded_poll_free(poll_);
}

void ZeroconfAdvertiser::OnServerState(AvahiServer* server, int state, void* self) {
  auto* advertiser = static_cast<ZeroconfAdvertiser*>(self);
  if (state == AVAHI_SERVER_RUNNING) {
    advertiser->Publish(server);
  } else if (state == AVAHI_SERVER_COLLISION) {
    // Another host uses our host name: take the next free one, then publish again.
    char* alternative = avahi_alternative_host_name(avahi_server_get_host_name(server));
    LogWarn("zeroconf: host name in use on the network; renaming", {{"name", alternative}});
    avahi_server_set_host_name(server, alternative);
    avahi_free(alternative);
  } else if (state == AVAHI_SERVER_REGISTERING && advertiser->group_ != nullptr) {
    avahi_s_entry_group_reset(advertiser->group_);
  }
}

void ZeroconfAdvertiser::OnGroupState(AvahiServer*, AvahiSEntryGroup*, int state, void*) {
  if (state == AVAHI_ENTRY_GROUP_ESTABLISHED) {
    LogInfo("zeroconf: published _healthchecker._http._tcp.local.");
  } else if (state == AVAHI_ENTRY_GROUP_COLLISION) {
    LogWarn(
        "zeroconf: another responder on the network publishes _healthchecker._http._tcp.local.; "
        "clients may find that one");
  } else if (state == AVAHI_ENTRY_GROUP_FAILURE) {
    LogWarn("zeroconf: publishing _healthchecker._http._tcp.local. failed");
  }
}

void ZeroconfAdvertiser::Publish(AvahiServer* server) {
  if (group_ == nullptr) group_ = avahi_s_entry_group_new(server, GroupCallback, this);
  if (group_ == nullptr) return LogWarn("zeroconf: cannot create an entry group");
  avahi_s_entry_group_reset(group_);
  std::string host;  // empty: the host name, with every address of the host
  if (!IsWildcard(record_.address)) {
    // Listening on one address: publish only that one, under a name of its own.
    host = std::string(avahi_server_get_host_name(server)) + "-heartbeat.local";
    AvahiAddress address;
    if (avahi_address_parse(record_.address.c_str(), AVAHI_PROTO_INET, &address) == nullptr ||
        avahi_server_add_address(server, group_, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET,
                                 AVAHI_PUBLISH_NO_REVERSE, host.c_str(), &address) < 0) {
      return LogWarn("zeroconf: cannot publish the listen address", {{"address", record_.address}});
    }
  }
  const std::string version = "version=" + record_.version;
  const std::string description = "desc=" + record_.description;
  const int added = avahi_server_add_service(
      server, group_, AVAHI_IF_UNSPEC, AVAHI_PROTO_INET, static_cast<AvahiPublishFlags>(0),
      kInstance, kType, nullptr, host.empty() ? nullptr : host.c_str(),
      static_cast<uint16_t>(record_.port), version.c_str(), description.c_str(), nullptr);
  if (added < 0 || avahi_s_entry_group_commit(group_) < 0) {
    LogWarn("zeroconf: cannot publish the service",
            {{"err", avahi_strerror(avahi_server_errno(server))}});
  }
}

}  // namespace heartbeat
