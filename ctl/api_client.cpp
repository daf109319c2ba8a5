#include "ctl/api_client.h"

#include <utility>

#include "ctl/http.h"

namespace heartbeat::ctl {

namespace {

httplib::Headers RequestHeaders(const ApiClientOptions& options) {
  httplib::Headers headers = {{"Accept", "application/json"}, {"User-Agent", "heartbeatctl"}};
  if (!options.admin_token.empty()) {
    headers.emplace("Authorization", "Bearer " + options.admin_token);
  }
  return headers;
}

}  // namespace

std::string ErrorSentence(int status, const std::string& body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_string()) {
    const std::string sentence = parsed["error"].get<std::string>();
    if (!sentence.empty()) return sentence;
  }
  std::string line = body.substr(0, body.find_first_of("\r\n"));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  std::string sentence = "the server answered HTTP " + std::to_string(status);
  if (!line.empty()) sentence += ": " + line;
  return sentence;
}

ApiClient::ApiClient(ApiClientOptions options) : options_(std::move(options)) {}

nlohmann::json ApiClient::Get(const std::string& path) const { return Send("GET", path, "", ""); }

nlohmann::json ApiClient::Post(const std::string& path, const nlohmann::json& body) const {
  return Send("POST", path, body.dump(), "application/json");
}

nlohmann::json ApiClient::Patch(const std::string& path, const nlohmann::json& body) const {
  return Send("PATCH", path, body.dump(), "application/json");
}

nlohmann::json ApiClient::Delete(const std::string& path) const {
  return Send("DELETE", path, "", "");
}

nlohmann::json ApiClient::PostForm(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& fields) const {
  std::string body;
  for (const auto& [key, value] : fields) {
    if (!body.empty()) body += '&';
    body += PercentEncode(key) + "=" + PercentEncode(value);
  }
  return Send("POST", path, body, "application/x-www-form-urlencoded");
}

void ApiClient::PostStreaming(
    const std::string& path,
    const std::function<bool(const char* data, std::size_t size)>& receive) const {
  auto client = MakeHttpClient(options_.server, options_.timeout, options_.ca_file);
  httplib::Request request;
  request.method = "POST";
  request.path = ApiTarget(options_.server, path);
  request.headers = RequestHeaders(options_);
  int status = 0;
  std::string error_body;  // the sentence of a refusal, never the payload
  request.response_handler = [&](const httplib::Response& response) {
    status = response.status;
    return true;
  };
  request.content_receiver = [&](const char* data, std::size_t size, uint64_t, uint64_t) {
    if (status >= 200 && status < 300) return receive(data, size);
    if (error_body.size() < 64 * 1024) error_body.append(data, size);
    return true;
  };
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  if (!client->send(request, response, error)) {
    if (status >= 200 && status < 300 && error == httplib::Error::Canceled) {
      throw ApiError(status, "the download was stopped: the file could not be written");
    }
    throw ApiError(0, DescribeTransportError(error, options_.server));
  }
  if (status < 200 || status >= 300) throw ApiError(status, ErrorSentence(status, error_body));
}

nlohmann::json ApiClient::Send(const std::string& method, const std::string& path,
                               const std::string& body, const std::string& content_type) const {
  auto client = MakeHttpClient(options_.server, options_.timeout, options_.ca_file);
  const httplib::Headers headers = RequestHeaders(options_);
  const std::string target = ApiTarget(options_.server, path);
  auto result = [&]() -> httplib::Result {
    if (method == "GET") return client->Get(target.c_str(), headers);
    if (method == "POST") return client->Post(target.c_str(), headers, body, content_type.c_str());
    if (method == "PATCH") {
      return client->Patch(target.c_str(), headers, body, content_type.c_str());
    }
    return client->Delete(target.c_str(), headers);
  }();
  if (!result) throw ApiError(0, DescribeTransportError(result.error(), options_.server));
  const int status = result->status;
  if (status < 200 || status >= 300) throw ApiError(status, ErrorSentence(status, result->body));
  if (result->body.empty()) return nullptr;
  auto parsed = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    throw ApiError(status,
                   "the server at " + options_.server.Origin() +
                       " did not answer with JSON; is --url pointing at heartbeat_exporter?");
  }
  return parsed;
}

}  // namespace heartbeat::ctl
