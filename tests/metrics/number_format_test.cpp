#include "metrics/number_format.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace heartbeat {
namespace {

std::string Fast(double value) {
  char buffer[kMaxSampleValueChars];
  return std::string(buffer, WriteSampleValue(buffer, value));
}

std::string Reference(double value) {
  char buffer[64];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

// Counts mismatches instead of failing per value, so a bug reports once.
int Mismatches(double value, std::string* first) {
  if (Fast(value) == Reference(value)) return 0;
  if (first->empty()) *first = Reference(value) + " written as " + Fast(value);
  return 1;
}

TEST(NumberFormatTest, SmallIntegersAndEveryMillisecondFractionMatchToChars) {
  std::string first;
  int mismatches = 0;
  for (long long i = -200000; i <= 200000; ++i) {
    mismatches += Mismatches(static_cast<double>(i), &first);
    mismatches += Mismatches(static_cast<double>(i) / 1000.0, &first);
  }
  EXPECT_EQ(mismatches, 0) << first;
}

TEST(NumberFormatTest, PowersOfTenAndRoundNumbersMatchToChars) {
  std::string first;
  int mismatches = 0;
  for (double base = 1e-3; base < 1e17; base *= 10) {
    for (int digit = 1; digit <= 99; ++digit) {
      for (double sign : {1.0, -1.0}) {
        mismatches += Mismatches(sign * base * digit, &first);
        mismatches += Mismatches(sign * (base * digit + 1), &first);
        mismatches += Mismatches(sign * (base * digit - 0.001), &first);
      }
    }
  }
  EXPECT_EQ(mismatches, 0) << first;
}

TEST(NumberFormatTest, MillisecondTimestampsAndArbitraryDoublesMatchToChars) {
  std::mt19937_64 random(1);
  std::uniform_int_distribution<long long> millis(0, 4'000'000'000'000LL);
  std::uniform_real_distribution<double> real(-1e6, 1e6);
  std::string first;
  int mismatches = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    mismatches += Mismatches(static_cast<double>(millis(random)) / 1000.0, &first);
    mismatches += Mismatches(real(random), &first);
    mismatches += Mismatches(static_cast<double>(millis(random) % 100000) / 1000.0 * 7.3, &first);
  }
  EXPECT_EQ(mismatches, 0) << first;
}

TEST(NumberFormatTest, EdgesMatchToChars) {
  std::string first;
  int mismatches = 0;
  for (double value : {0.0, -0.0, 0.001, -0.001, 0.0005, 0.01, 0.1, 0.5, 1e15, 1e15 - 1,
                       999999999999.999, 999999999999.9991, 1e-300, 5e-324, 1.7976931348623157e308,
                       9007199254740993.0, 4503599627370496.5, 123456789012.3456}) {
    mismatches += Mismatches(value, &first);
  }
  EXPECT_EQ(mismatches, 0) << first;
}

// Found by fuzz/metrics/exposition_fuzz.cpp: to_chars spells them "inf" and
// "nan", which the text format does not.
TEST(NumberFormatTest, NonFiniteValuesUseTheTextFormatsSpelling) {
  EXPECT_EQ(Fast(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(Fast(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(Fast(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(Fast(-std::numeric_limits<double>::quiet_NaN()), "NaN");
}

}  // namespace
}  // namespace heartbeat
