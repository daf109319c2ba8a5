#pragma once

#include <openssl/ssl.h>

#include "heartbeat/http/web_config.h"

namespace heartbeat::http {

// The OpenSSL server context of --web.config.file: certificate chain and key,
// and, with client_ca_file, required and verified client certificates.
class TlsContext {
 public:
  // Throws std::runtime_error with a sentence when the files cannot be used.
  explicit TlsContext(const WebConfig& web);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* get() const { return context_; }

 private:
  SSL_CTX* context_ = nullptr;
};

}  // namespace heartbeat::http
