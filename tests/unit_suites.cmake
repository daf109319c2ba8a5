# The GoogleTest suites, one executable per tests/<module>/*_test.cpp.
# Included by tests/CMakeLists.txt when HEARTBEAT_UNIT_TESTS is on.
find_package(GTest REQUIRED)
include(GoogleTest)

# Each tests/<module>/*_test.cpp becomes one executable; the folders mirror the
# source folders (tests/store/store_test.cpp tests src/store/store.cpp). Tests
# may include a module's internal headers ("store/store_schema.h") and the
# shared fixtures in tests/common/.
function(heartbeat_test_folder folder)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${folder}/*_test.cpp)
  foreach(test_source ${sources})
    get_filename_component(test_name ${test_source} NAME_WE)
    set(test_name ${folder}_${test_name})
    add_executable(${test_name} ${test_source})
    target_include_directories(${test_name} PRIVATE
      ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
    target_link_libraries(${test_name} PRIVATE ${ARGN} GTest::gtest GTest::gtest_main GTest::gmock)
    # Process tests run the built binaries as an operator would.
    target_compile_definitions(${test_name} PRIVATE
      HEARTBEATCTL_PATH="$<TARGET_FILE:heartbeatctl>"
      HEARTBEAT_EXPORTER_PATH="$<TARGET_FILE:heartbeat_exporter>")
    # A test that runs a binary needs it built; the others do not wait for it
    # (the TSan stage builds only the store and HTTP suites).
    file(READ ${test_source} test_text)
    foreach(binary heartbeatctl heartbeat_exporter)
      string(TOUPPER ${binary}_PATH path_macro)
      string(FIND "${test_text}" ${path_macro} uses_binary)
      if(uses_binary GREATER -1)
        add_dependencies(${test_name} ${binary})
      endif()
    endforeach()
    heartbeat_warnings(${test_name})
    gtest_discover_tests(${test_name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${folder} TIMEOUT 300)
  endforeach()
endfunction()

heartbeat_test_folder(core heartbeat::core)
heartbeat_test_folder(log heartbeat::log)
heartbeat_test_folder(store heartbeat::store)
# zlib decodes the gzip the metrics module writes with ISA-L: an independent check.
find_package(ZLIB REQUIRED)
heartbeat_test_folder(metrics heartbeat::metrics ZLIB::ZLIB)
# The pages and badges: rendering only.
heartbeat_test_folder(web heartbeat::web)
# The config tests include the reload through a running exporter.
heartbeat_test_folder(config heartbeat::server)
# The HTTP tests drive a real Exporter on a loopback port.
heartbeat_test_folder(http heartbeat::server heartbeat::log OpenSSL::SSL OpenSSL::Crypto)
# Probes: the checkers against real local servers (plain, TLS with a generated
# certificate), thresholds, and the scheduler through a real store.
heartbeat_test_folder(probe heartbeat::probe heartbeat::server OpenSSL::SSL OpenSSL::Crypto)
# heartbeatctl: its library alone, and against a real exporter.
heartbeat_test_folder(ctl heartbeat::ctl heartbeat::server)
