#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

// A property a fuzz target asserts about the code under test. Unlike assert()
// it is never compiled out, and libFuzzer saves the input that broke it (abort
// is a crash to libFuzzer).
#define FUZZ_CHECK(condition, what)                                                              \
  do {                                                                                           \
    if (!(condition)) {                                                                          \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", __FILE__, __LINE__, #condition, \
                   std::string(what).c_str());                                                   \
      std::abort();                                                                              \
    }                                                                                            \
  } while (false)
