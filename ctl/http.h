#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>

#include "ctl/url.h"

namespace heartbeat::ctl {

// An HTTP(S) client for `url`'s origin with one timeout for connect, send and
// receive, redirects followed, and an optional extra CA bundle for https.
std::unique_ptr<httplib::Client> MakeHttpClient(const HttpUrl& url,
                                                std::chrono::milliseconds timeout,
                                                const std::string& ca_file);

// A sentence for a request that got no HTTP answer, naming the server.
std::string DescribeTransportError(httplib::Error error, const HttpUrl& url);

}  // namespace heartbeat::ctl
