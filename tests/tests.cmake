# Test suites, all run by `ctest` (and so by `make test`):
#  - unit:   tests/unit/test_*.c, one cmocka executable each
#  - cli:    tests/cli/*.sh, black-box runs of the real binary
#  - fuzz:   tests/fuzz/fuzz_*.c; by default linked with a replay driver
#            that runs the corpus plus deterministic mutations for a few
#            seconds; with -DPARINDEX_FUZZ=ON (clang) real libFuzzer targets.
if(CMOCKA_FOUND)
  file(GLOB UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
  foreach(src ${UNIT_TESTS})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src})
    target_link_libraries(${name} PRIVATE parindex_lib PkgConfig::CMOCKA)
    add_test(NAME unit.${name} COMMAND ${name})
    set_tests_properties(unit.${name} PROPERTIES
      ENVIRONMENT "PARINDEX_FIXTURES=${CMAKE_SOURCE_DIR}/tests/fixtures")
  endforeach()
endif()

file(GLOB CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cli/test_*.sh)
foreach(script ${CLI_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME cli.${name} COMMAND bash ${script})
  set_tests_properties(cli.${name} PROPERTIES ENVIRONMENT
    "PARINDEX=$<TARGET_FILE:parindex>;FIXTURES=${CMAKE_SOURCE_DIR}/tests/fixtures;SRCDIR=${CMAKE_SOURCE_DIR};TMPROOT=${CMAKE_BINARY_DIR}/tmp")
endforeach()

file(GLOB FUZZ_TARGETS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(src ${FUZZ_TARGETS})
  get_filename_component(name ${src} NAME_WE)
  if(PARINDEX_FUZZ)
    add_executable(${name} ${src})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  else()
    add_executable(${name} ${src} ${CMAKE_SOURCE_DIR}/tests/fuzz/replay.c)
  endif()
  target_link_libraries(${name} PRIVATE parindex_lib)
  string(REPLACE "fuzz_" "" corpus ${name})
  add_test(NAME fuzz.${name} COMMAND ${name} ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${corpus})
endforeach()
