#pragma once

#include <httplib.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "heartbeat/store/store.h"
#include "http/context.h"

namespace heartbeat::http {

inline constexpr const char* kJsonContentType = "application/json; charset=utf-8";

void ReplyJson(httplib::Response& res, int status, const nlohmann::json& body);
// JSON already written as text (CheckText).
void ReplyJsonText(httplib::Response& res, int status, const std::string& body);
void ReplyError(httplib::Response& res, int status, const std::string& sentence);
void ReplyText(httplib::Response& res, int status, const std::string& text);

// Maps a store result that is not kOk to its status code and sentence.
void ReplyWriteFailure(httplib::Response& res, const WriteResult& result);

// Parameters from the query string, a form body and a JSON object body, later
// sources winning (ParseRequestParameters). Returns nullopt and answers 400
// when the body claims JSON but is not a flat JSON object.
std::optional<std::map<std::string, std::string>> RequestParameters(const httplib::Request& req,
                                                                    httplib::Response& res);

// The query string's parameters as HTML forms, Go's url.QueryEscape and Node's
// query parser write them: '+' is a space (httplib keeps it a '+' in a query).
// The first value of a name wins, as in httplib's get_param_value.
std::map<std::string, std::string> QueryParameters(const httplib::Request& req);
// The same, then the fields of an application/x-www-form-urlencoded body, if
// the handler read one (the query string wins).
std::map<std::string, std::string> FormParameters(const httplib::Request& req);
// Every value of the parameter `name` (which may repeat, as Cronitor's
// `metric`), from the query string then the form body, in order.
std::vector<std::string> FormParameterValues(const httplib::Request& req, const std::string& name);

// Checks `Authorization: Bearer`; answers 401/403 itself and returns false when refused.
bool Authorize(const HttpContext& context, const httplib::Request& req, httplib::Response& res);

// The base URL clients reach this server at, for printed ping URLs.
std::string ExternalUrl(const HttpContext& context, const httplib::Request& req);

}  // namespace heartbeat::http
