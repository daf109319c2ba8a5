#include "http/tls_context.h"

#include <openssl/err.h>

#include <stdexcept>
#include <string>

namespace heartbeat::http {

TlsContext::TlsContext(const WebConfig& web) : context_(SSL_CTX_new(TLS_server_method())) {
  const std::string failure =
      "cannot use the TLS certificate " + web.cert_file + " with key " + web.key_file;
  if (!context_) throw std::runtime_error(failure);
  SSL_CTX_set_min_proto_version(context_, TLS1_2_VERSION);
  // Idle connections keep no read and write buffers (~34 KiB each otherwise);
  // partial writes let a connection send what the socket takes and go back to epoll.
  SSL_CTX_set_mode(context_, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                                 SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (SSL_CTX_use_certificate_chain_file(context_, web.cert_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(context_, web.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(context_) != 1) {
    ERR_clear_error();
    SSL_CTX_free(context_);
    throw std::runtime_error(failure);
  }
  if (!web.client_ca_file.empty()) {
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(web.client_ca_file.c_str());
    if (!names ||
        SSL_CTX_load_verify_locations(context_, web.client_ca_file.c_str(), nullptr) != 1) {
      ERR_clear_error();
      SSL_CTX_free(context_);
      throw std::runtime_error("cannot use the client CA file " + web.client_ca_file);
    }
    SSL_CTX_set_client_CA_list(context_, names);
    SSL_CTX_set_verify(context_, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
}

TlsContext::~TlsContext() { SSL_CTX_free(context_); }

}  // namespace heartbeat::http
