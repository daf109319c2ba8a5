#pragma once

#include <string>

#include "heartbeat/core/application.h"

// The rules for a probe's settings, shared by the config file, the management
// API and the Healthchecker.Server endpoints. Each returns an empty string when
// the value is fine, else a sentence (ValidateProbe names the field).
namespace heartbeat {

// Every field of a probe: URL, timing, thresholds, request, TLS and e-mail.
std::string ValidateProbe(const ProbeSpec& probe);

// An HTTP token of 1 to 32 upper-case letters (GET, HEAD, POST, ...).
std::string CheckProbeMethod(const std::string& method);
// A header name (an HTTP token) and a value without control characters: a CR or
// LF in either would let a stored probe inject requests.
std::string CheckProbeHeader(const std::string& name, const std::string& value);
// 100 to 599.
std::string CheckExpectedStatus(int status);
// local@domain.tld, at most 254 bytes, no spaces or control characters; empty is fine.
std::string CheckEmail(const std::string& email);

}  // namespace heartbeat
