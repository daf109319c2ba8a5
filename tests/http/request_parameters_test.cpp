// statuscope's parameter merging, without a server.
#include "http/request_parameters.h"

#include <gtest/gtest.h>

namespace heartbeat::http {
namespace {

TEST(RequestParametersTest, JsonWinsOverDecodedParametersAndScalarsBecomeText) {
  const std::multimap<std::string, std::string> decoded = {{"status", "fail"}, {"team", "ops"}};
  const RequestParameterValues parameters = ParseRequestParameters(
      decoded, "application/json; charset=utf-8",
      R"({"status":"ok","application":"backup","token":null,"retries":3,"dry":false})");
  EXPECT_EQ(parameters.error, "");
  EXPECT_EQ(parameters.values.at("status"), "ok");
  EXPECT_EQ(parameters.values.at("team"), "ops");
  EXPECT_EQ(parameters.values.at("token"), "");
  EXPECT_EQ(parameters.values.at("retries"), "3");
  EXPECT_EQ(parameters.values.at("dry"), "false");
}

TEST(RequestParametersTest, OnlyAFlatJsonObjectIsAccepted) {
  const std::multimap<std::string, std::string> none;
  EXPECT_EQ(ParseRequestParameters(none, "application/json", "[1]").error,
            "the request body is not a JSON object");
  EXPECT_EQ(ParseRequestParameters(none, "application/json", "{").error,
            "the request body is not a JSON object");
  EXPECT_NE(ParseRequestParameters(none, "application/json", R"({"a":{"b":1}})")
                .error.find("\"a\" is an object or a list"),
            std::string::npos);
  // Not JSON by its content type: the body is left to the caller.
  EXPECT_EQ(ParseRequestParameters(none, "text/plain", "{").error, "");
}

}  // namespace
}  // namespace heartbeat::http
