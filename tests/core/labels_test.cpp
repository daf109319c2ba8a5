#include "heartbeat/core/labels.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "heartbeat/core/application.h"

namespace heartbeat {
namespace {

TEST(LabelsTest, PrometheusLabelNamesAreAccepted) {
  EXPECT_EQ(CheckLabels({{"owner", "db"}, {"env", "prod"}, {"_x9", ""}, {"Severity", "page"}}), "");
}

TEST(LabelsTest, ReservedAndMalformedNamesAreRefusedWithASentence) {
  EXPECT_EQ(CheckLabelName("team"),
            "label name \"team\" is reserved: the exporter or Prometheus sets it on every series");
  for (const char* name :
       {"application", "job", "instance", "schedule", "reason", "kind", "email"}) {
    EXPECT_NE(CheckLabelName(name).find("is reserved"), std::string::npos) << name;
  }
  EXPECT_EQ(CheckLabelName("__name__"),
            "label name \"__name__\" is reserved: names starting with \"__\" belong to "
            "Prometheus");
  EXPECT_EQ(CheckLabelName("9lives"),
            "label name \"9lives\" is not a Prometheus label name (letters, digits and '_', not "
            "starting with a digit)");
  EXPECT_NE(CheckLabelName("dash-ed").find("not a Prometheus label name"), std::string::npos);
  EXPECT_EQ(CheckLabelName(""), "a label name cannot be empty");
  EXPECT_NE(CheckLabelName(std::string(65, 'a')).find("longer than 64"), std::string::npos);
}

TEST(LabelsTest, ValuesGoThroughTheValidationLayer) {
  EXPECT_EQ(CheckLabels({{"owner", "a\nb"}}), "label owner contains a control character (byte 1)");
  EXPECT_EQ(CheckLabels({{"owner", "\xff"}}), "label owner is not valid UTF-8");
  EXPECT_EQ(CheckLabels({{"owner", std::string(257, 'x')}}),
            "label owner is 257 bytes long; at most 256 are allowed");
}

TEST(LabelsTest, TheCountIsCapped) {
  Labels labels;
  for (std::size_t i = 0; i <= kMaxLabels; ++i) labels["l" + std::to_string(i)] = "v";
  EXPECT_EQ(CheckLabels(labels), "at most 16 labels are allowed, not 17");
}

TEST(LabelsTest, AssignmentsSplitAtTheFirstEquals) {
  EXPECT_EQ(ParseLabelAssignment("owner=db=1"),
            std::make_pair(std::string("owner"), std::string("db=1")));
  EXPECT_EQ(ParseLabelAssignment("env="), std::make_pair(std::string("env"), std::string()));
  EXPECT_THROW(ParseLabelAssignment("owner"), std::invalid_argument);
  EXPECT_THROW(ParseLabelAssignment("team=ops"), std::invalid_argument);
}

TEST(LabelsTest, ValidateSpecAppliesTheLabelRules) {
  ApplicationSpec spec;
  spec.name = "nightly";
  spec.labels = {{"instance", "x"}};
  EXPECT_EQ(ValidateSpec(spec),
            "label name \"instance\" is reserved: the exporter or Prometheus sets it on every "
            "series");
}

}  // namespace
}  // namespace heartbeat
