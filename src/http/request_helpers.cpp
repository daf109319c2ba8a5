#include "http/request_helpers.h"

#include "heartbeat/core/text.h"
#include "heartbeat/core/token.h"
#include "http/request_parameters.h"

namespace heartbeat::http {

void ReplyJson(httplib::Response& res, int status, const nlohmann::json& body) {
  // Replace invalid UTF-8 (names are validated, but team strings and logs may not be).
  ReplyJsonText(res, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void ReplyJsonText(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kJsonContentType);
}

void ReplyError(httplib::Response& res, int status, const std::string& sentence) {
  ReplyJson(res, status, {{"error", sentence}});
}

void ReplyText(httplib::Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_content(text, "text/plain; charset=utf-8");
}

void ReplyWriteFailure(httplib::Response& res, const WriteResult& result) {
  switch (result.status) {
    case WriteStatus::kOk:
      return;
    case WriteStatus::kNotFound:
      ReplyError(res, 404, result.message);
      return;
    case WriteStatus::kConflict:
      ReplyError(res, 409, result.message);
      return;
    case WriteStatus::kInvalid:
      ReplyError(res, 400, result.message);
      return;
    case WriteStatus::kFailed:
      ReplyError(res, 503, result.message);
      return;
  }
}

std::optional<std::map<std::string, std::string>> RequestParameters(const httplib::Request& req,
                                                                    httplib::Response& res) {
  // httplib puts query-string parameters and, for urlencoded bodies, form fields into params.
  RequestParameterValues parameters =
      ParseRequestParameters(req.params, req.get_header_value("Content-Type"), req.body);
  if (!parameters.error.empty()) {
    ReplyError(res, 400, parameters.error);
    return std::nullopt;
  }
  return std::move(parameters.values);
}

namespace {

// Calls `take(name, value)` for each field of a form-encoded text, in order.
template <typename Take>
void ForEachFormField(std::string_view text, const Take& take) {
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('&'), text.size());
    const std::string_view pair = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (pair.empty()) continue;
    const std::size_t equals = std::min(pair.find('='), pair.size());
    const std::string name = httplib::detail::decode_url(std::string(pair.substr(0, equals)), true);
    const std::string value = equals < pair.size() ? httplib::detail::decode_url(
                                                         std::string(pair.substr(equals + 1)), true)
                                                   : std::string();
    take(name, value);
  }
}

void AddFormEncoded(std::string_view text, std::map<std::string, std::string>& parameters) {
  ForEachFormField(text, [&](const std::string& name, const std::string& value) {
    parameters.emplace(name, value);  // keeps the first
  });
}

bool IsFormBody(const httplib::Request& req) {
  return StartsWith(req.get_header_value("Content-Type"), "application/x-www-form-urlencoded");
}

}  // namespace

std::map<std::string, std::string> QueryParameters(const httplib::Request& req) {
  std::map<std::string, std::string> parameters;
  const std::size_t question = req.target.find('?');
  if (question != std::string::npos) {
    AddFormEncoded(std::string_view(req.target).substr(question + 1), parameters);
  }
  return parameters;
}

std::map<std::string, std::string> FormParameters(const httplib::Request& req) {
  std::map<std::string, std::string> parameters = QueryParameters(req);
  if (IsFormBody(req)) AddFormEncoded(req.body, parameters);
  return parameters;
}

std::vector<std::string> FormParameterValues(const httplib::Request& req, const std::string& name) {
  std::vector<std::string> values;
  const auto keep = [&](const std::string& field, const std::string& value) {
    if (field == name) values.push_back(value);
  };
  const std::size_t question = req.target.find('?');
  if (question != std::string::npos) {
    ForEachFormField(std::string_view(req.target).substr(question + 1), keep);
  }
  if (IsFormBody(req)) ForEachFormField(req.body, keep);
  return values;
}

bool Authorize(const HttpContext& context, const httplib::Request& req, httplib::Response& res) {
  if (context.options.admin_token.empty()) {
    ReplyError(res, 403,
               "the management API is disabled because no admin token is configured; start "
               "heartbeat_exporter with --web.admin-token-file=FILE (or let it generate " +
                   context.options.admin_token_hint + ")");
    return false;
  }
  const std::string header = req.get_header_value("Authorization");
  constexpr const char kBearer[] = "Bearer ";
  if (!StartsWith(header, kBearer)) {
    res.set_header("WWW-Authenticate", "Bearer");
    ReplyError(res, 401, "send the admin token as \"Authorization: Bearer <token>\"");
    return false;
  }
  if (!SecretsEqual(header.substr(sizeof(kBearer) - 1), context.options.admin_token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    ReplyError(res, 401, "the admin token is wrong");
    return false;
  }
  return true;
}

std::string ExternalUrl(const HttpContext& context, const httplib::Request& req) {
  std::string base = context.options.external_url;
  if (base.empty()) {
    const std::string host = req.get_header_value("Host");
    base = "http://" + (host.empty() ? std::string("localhost:9799") : host);
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace heartbeat::http
