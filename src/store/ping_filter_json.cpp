#include "store/ping_filter_json.h"

#include <nlohmann/json.hpp>

namespace heartbeat {

std::string PingFilterToText(const PingFilter& filter) {
  if (filter.is_default()) return "";
  return nlohmann::json{{"success_keywords", filter.success_keywords},
                        {"failure_keywords", filter.failure_keywords},
                        {"start_keywords", filter.start_keywords},
                        {"fail_when_no_keyword_matches", filter.fail_when_no_keyword_matches},
                        {"post_only", filter.post_only}}
      .dump();
}

PingFilter PingFilterFromText(const std::string& text) {
  PingFilter filter;
  if (text.empty()) return filter;
  const auto json = nlohmann::json::parse(text);
  filter.success_keywords = json.at("success_keywords").get<std::vector<std::string>>();
  filter.failure_keywords = json.at("failure_keywords").get<std::vector<std::string>>();
  filter.start_keywords = json.at("start_keywords").get<std::vector<std::string>>();
  filter.fail_when_no_keyword_matches = json.at("fail_when_no_keyword_matches").get<bool>();
  filter.post_only = json.at("post_only").get<bool>();
  return filter;
}

}  // namespace heartbeat
