#include "ctl/http.h"

namespace heartbeat::ctl {

std::unique_ptr<httplib::Client> MakeHttpClient(const HttpUrl& url,
                                                std::chrono::milliseconds timeout,
                                                const std::string& ca_file) {
  auto client = std::make_unique<httplib::Client>(url.Origin());
  const auto seconds = static_cast<time_t>(timeout.count() / 1000);
  const auto micros = static_cast<time_t>((timeout.count() % 1000) * 1000);
  client->set_connection_timeout(seconds, micros);
  client->set_read_timeout(seconds, micros);
  client->set_write_timeout(seconds, micros);
  client->set_follow_location(true);
  if (!ca_file.empty()) client->set_ca_cert_path(ca_file);
  return client;
}

std::string DescribeTransportError(httplib::Error error, const HttpUrl& url) {
  const std::string where = url.Origin();
  switch (error) {
    case httplib::Error::Connection:
      return "could not connect to " + where;
    case httplib::Error::ConnectionTimeout:
      return "timed out connecting to " + where;
    case httplib::Error::Read:
      return "no answer from " + where + " (connection closed or timed out)";
    case httplib::Error::Write:
      return "could not send the request to " + where;
    case httplib::Error::SSLConnection:
      return "TLS handshake with " + where + " failed";
    case httplib::Error::SSLLoadingCerts:
      return "could not load the CA certificates to verify " + where;
    case httplib::Error::SSLServerVerification:
      return "the TLS certificate of " + where + " could not be verified";
    case httplib::Error::ExceedRedirectCount:
      return "too many redirects from " + where;
    default:
      return "request to " + where + " failed (" + httplib::to_string(error) + ")";
  }
}

}  // namespace heartbeat::ctl
