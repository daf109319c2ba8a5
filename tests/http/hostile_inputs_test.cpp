// Hostile inputs at every door, each with the answer it must get. After each
// table the store must still hold exactly what it held, and /metrics must still
// parse with the real promtool: no value accepted anywhere may blind a scrape.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/promtool.h"
#include "common/server_fixture.h"

namespace heartbeat::testing {
namespace {

struct Case {
  const char* what;
  std::string body;  // sent as application/json to POST /api/v1/applications
  int status;
  const char* sentence;  // a part of the error sentence that names field and rule
};

std::string Raw(const std::string& json_fragment) { return "{" + json_fragment + "}"; }

std::vector<Case> CreateCases() {
  const std::string name = "\"name\":\"ok-name\",\"interval\":\"1h\"";
  return {
      {"empty body", "", 400, "is not valid: use 1 to 128"},
      {"not JSON", "name=x", 400, "JSON"},
      {"JSON array", "[1,2]", 400, "JSON object"},
      {"JSON string", "\"x\"", 400, "JSON object"},
      {"no name", Raw("\"interval\":\"1h\""), 400, "name"},
      {"empty name", Raw("\"name\":\"\",\"interval\":\"1h\""), 400, "is not valid: use 1 to 128"},
      {"name with space", Raw("\"name\":\"a b\""), 400, "is not valid: use 1 to 128"},
      {"name with slash", Raw("\"name\":\"../etc\""), 400, "is not valid: use 1 to 128"},
      {"name with quote", Raw("\"name\":\"a\\\"b\""), 400, "is not valid: use 1 to 128"},
      {"name with newline", Raw("\"name\":\"a\\nb\""), 400, "is not valid: use 1 to 128"},
      {"name with NUL", Raw("\"name\":\"a\\u0000b\""), 400, "is not valid: use 1 to 128"},
      {"name with HTML", Raw("\"name\":\"<img src=x onerror=alert(1)>\""), 400,
       "is not valid: use 1 to 128"},
      {"name of 129 bytes", Raw("\"name\":\"" + std::string(129, 'a') + "\""), 400,
       "is not valid: use 1 to 128"},
      {"name starting with dot", Raw("\"name\":\".hidden\""), 400, "is not valid: use 1 to 128"},
      {"name as number", Raw("\"name\":12"), 400, "name must be a string"},
      {"name as object", Raw("\"name\":{}"), 400, "name must be a string"},
      {"unicode name", Raw("\"name\":\"zürich\""), 400, "is not valid: use 1 to 128"},
      {"team of 1 MB", Raw(name + ",\"team\":\"" + std::string(1000000, 'x') + "\""), 400,
       "team is 1000000 bytes long"},
      {"team of 129 bytes", Raw(name + ",\"team\":\"" + std::string(129, 'x') + "\""), 400,
       "team is 129 bytes long"},
      {"team with NUL", Raw(name + ",\"team\":\"a\\u0000b\""), 400, "team contains a control"},
      {"team with CR", Raw(name + ",\"team\":\"a\\rb\""), 400, "team contains a control"},
      {"team with LF", Raw(name + ",\"team\":\"a\\nb\""), 400, "team contains a control"},
      {"team with ESC", Raw(name + ",\"team\":\"\\u001b[31mred\""), 400, "team contains a control"},
      {"team with DEL", Raw(name + ",\"team\":\"a\\u007fb\""), 400, "team contains a control"},
      {"team with C1 NEL", Raw(name + ",\"team\":\"a\\u0085b\""), 400, "team contains a control"},
      {"team with raw 0xff",
       Raw(name + ",\"team\":\"a\xff"
                  "b\""),
       400, "JSON"},
      {"team as number", Raw(name + ",\"team\":5"), 400, "team must be a string"},
      {"interval LLONG_MAX", Raw("\"name\":\"a\",\"interval\":9223372036854775807"), 400,
       "interval must be at most 100y"},
      {"interval 2^63/1000", Raw("\"name\":\"a\",\"interval\":9223372036854775"), 400,
       "interval must be at most 100y"},
      {"interval 101 years", Raw("\"name\":\"a\",\"interval\":3185280000"), 400,
       "interval must be at most 100y"},
      {"interval string 101y", Raw("\"name\":\"a\",\"interval\":\"101y\""), 400, "100y"},
      {"interval negative", Raw("\"name\":\"a\",\"interval\":-5"), 400, "interval must be"},
      {"interval float", Raw("\"name\":\"a\",\"interval\":1.5"), 400, "interval must be"},
      {"interval garbage", Raw("\"name\":\"a\",\"interval\":\"soon\""), 400, "interval"},
      {"interval huge digits", Raw("\"name\":\"a\",\"interval\":\"99999999999999999999999s\""), 400,
       "100y"},
      {"interval exponent", Raw("\"name\":\"a\",\"interval\":1e300"), 400, "interval must be"},
      {"grace LLONG_MAX", Raw(name + ",\"grace\":9223372036854775807"), 400,
       "grace must be at most 100y"},
      {"grace negative", Raw(name + ",\"grace\":-1"), 400, "grace must be"},
      {"grace as array", Raw(name + ",\"grace\":[1]"), 400, "grace must be"},
      {"schedule garbage", Raw("\"name\":\"a\",\"schedule\":\"every day\""), 400, "schedule"},
      {"schedule impossible", Raw("\"name\":\"a\",\"schedule\":\"0 0 31 2 *\""), 400,
       "never fires"},
      {"schedule seconds field", Raw("\"name\":\"a\",\"schedule\":\"0 0 0 * * *\""), 400, "fields"},
      {"schedule @reboot", Raw("\"name\":\"a\",\"schedule\":\"@reboot\""), 400, "@reboot"},
      {"schedule step 0", Raw("\"name\":\"a\",\"schedule\":\"*/0 * * * *\""), 400, "schedule"},
      {"unknown zone", Raw("\"name\":\"a\",\"schedule\":\"0 2 * * *\",\"timezone\":\"Mars/Base\""),
       400, "Mars/Base"},
      {"zone path traversal",
       Raw("\"name\":\"a\",\"schedule\":\"0 2 * * *\",\"timezone\":\"../../etc/passwd\""), 400,
       "passwd"},
      {"interval and schedule", Raw("\"name\":\"a\",\"interval\":\"1h\",\"schedule\":\"@daily\""),
       400, "cannot both be set"},
      {"token too short", Raw(name + ",\"token\":\"short\""), 400, "8 to 256"},
      {"token with slash", Raw(name + ",\"token\":\"/usr/bin:/bin\""), 400, "printable ASCII"},
      {"token with space", Raw(name + ",\"token\":\"has a space\""), 400, "printable ASCII"},
      {"token with percent", Raw(name + ",\"token\":\"abc%2Fdefgh\""), 400, "printable ASCII"},
      {"token of 257", Raw(name + ",\"token\":\"" + std::string(257, 't') + "\""), 400, "8 to 256"},
      {"token unicode", Raw(name + ",\"token\":\"tökentökentöken\""), 400, "printable ASCII"},
      {"unknown field", Raw(name + ",\"owner\":\"me\""), 400, "owner"},
      {"manual_resume as string", Raw(name + ",\"manual_resume\":\"yes\""), 400, "manual_resume"},
      {"deeply nested", std::string(10000, '[') + std::string(10000, ']'), 400, "JSON object"},
  };
}

class HostileInputsTest : public ServerTest {};

TEST_F(HostileInputsTest, CreateRefusesEachWithItsSentenceAndKeepsTheStore) {
  const std::string token = CreateApp({{"name", "kept"}, {"interval", "1h"}, {"team", "ops"}});
  ASSERT_EQ(client_->Get(("/ping/" + token).c_str())->status, 200);
  const std::string before = Check("kept").dump();
  int checked = 0;
  for (const Case& c : CreateCases()) {
    auto res = client_->Post("/api/v1/applications", Admin(), c.body, "application/json");
    ASSERT_TRUE(res) << c.what;
    EXPECT_EQ(res->status, c.status) << c.what << ": " << res->body;
    EXPECT_NE(res->body.find(c.sentence), std::string::npos)
        << c.what << ": expected \"" << c.sentence << "\" in " << res->body;
    ++checked;
  }
  EXPECT_GE(checked, 50);
  auto list = client_->Get("/api/v1/applications", Admin());
  ASSERT_TRUE(list);
  EXPECT_EQ(nlohmann::json::parse(list->body).size(), 1u) << "nothing hostile was created";
  EXPECT_EQ(Check("kept").dump(), before);
  const auto [status, output] = PromtoolCheckMetrics(Metrics(), dir_.path().string());
  EXPECT_EQ(status, 0) << output;
}

TEST_F(HostileInputsTest, PatchRefusesTheSameValuesAndKeepsTheRecord) {
  CreateApp({{"name", "kept"}, {"interval", "1h"}, {"team", "ops"}});
  const std::string before = Check("kept").dump();
  const std::vector<std::pair<std::string, const char*>> patches = {
      {Raw("\"team\":\"a\\u0000b\""), "team contains a control"},
      {Raw("\"team\":\"" + std::string(200, 'x') + "\""), "team is 200 bytes long"},
      {Raw("\"interval\":9223372036854775807"), "interval must be at most 100y"},
      {Raw("\"grace\":9223372036854775807"), "grace must be at most 100y"},
      {Raw("\"name\":\"renamed\""), "cannot be renamed"},
  };
  for (const auto& [body, sentence] : patches) {
    auto res = client_->Patch("/api/v1/applications/kept", Admin(), body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body.substr(0, 80) << ": " << res->body;
    EXPECT_NE(res->body.find(sentence), std::string::npos) << res->body;
  }
  EXPECT_EQ(Check("kept").dump(), before);
}

TEST_F(HostileInputsTest, IngestRefusesMalformedSignalsWithTheProtocolsAnswers) {
  const std::string token = CreateApp({{"name", "kept"}, {"interval", "1h"}});
  const std::string ping = "/ping/" + token;
  struct Ingest {
    std::string path;
    int status;
    const char* body;
  };
  const std::vector<Ingest> pings = {
      {ping + "/256", 400, "invalid url format"},
      {ping + "/-1", 404, "not found"},
      {ping + "/99999999999999999999", 400, "invalid url format"},
      {ping + "?rid=not-a-uuid", 400, "invalid uuid format"},
      {ping + "/start?rid=%00", 400, "invalid uuid format"},
      {"/ping/%2e%2e%2fadmin", 404, "not found"},
      {"/ping/" + std::string(5000, 'a'), 404, "not found"},
      {ping + "/start/extra", 404, "not found"},
  };
  for (const Ingest& i : pings) {
    auto res = client_->Get(i.path.c_str());
    ASSERT_TRUE(res) << i.path.substr(0, 80);
    EXPECT_EQ(res->status, i.status) << i.path.substr(0, 80) << ": " << res->body;
    EXPECT_EQ(res->body, i.body) << i.path.substr(0, 80);
  }
  const std::vector<std::pair<std::string, int>> signals = {
      {"application=kept&token=" + token + "&status=maybe", 422},
      {"application=kept&token=wrong-token&status=ok", 404},
      {"application=kept&status=ok", 400},
      {"application=%00&token=" + token + "&status=ok", 404},
      {"token=" + token + "&status=ok", 400},
  };
  for (const auto& [form, status] : signals) {
    auto res = client_->Post("/signal", form, "application/x-www-form-urlencoded");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << form << ": " << res->body;
  }
  EXPECT_EQ(Check("kept").value("signals_total", -1), 0) << "no hostile signal was recorded";
}

}  // namespace
}  // namespace heartbeat::testing
