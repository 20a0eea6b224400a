# Test suites, all run by `ctest` (and so by `make test`):
#  - unit:   tests/unit/test_*.c, one cmocka executable each
#  - cli:    tests/cli/*.sh, black-box runs of the real binary
#  - fuzz:   tests/fuzz/fuzz_*.c; by default linked with a replay driver
#            that runs the corpus plus deterministic mutations for a few
#            seconds; with -DPARINDEX_FUZZ=ON (clang) real libFuzzer targets.
#  - pg:     the storage unit tests (tests/unit/test_db*.c, test_repo*.c),
#            every CLI script and (later) every HTTP suite again, on a real
#            PostgreSQL server, each against its own fresh database; plus
#            tests/cli/test_equivalence.sh (SQLite and PostgreSQL give
#            byte-identical listings). See "PostgreSQL" below.

# PostgreSQL: pg.start (a FIXTURES_SETUP test) starts a throwaway server
# (tests/pg/server.sh: initdb in a temporary directory, 127.0.0.1, a free
# port, as the postgres user when run as root); pg.stop (FIXTURES_CLEANUP)
# stops and deletes it, also when tests failed. Every pg.* test requires
# the fixture and runs through tests/pg/with-db.sh, which creates a
# database for it alone and sets PARINDEX_TEST_DB. Without PostgreSQL
# installed pg.start fails, and so do the pg.* tests: never skipped.
set(PG_STATE ${CMAKE_BINARY_DIR}/pg)
add_test(NAME pg.start COMMAND bash ${CMAKE_SOURCE_DIR}/tests/pg/server.sh start ${PG_STATE})
add_test(NAME pg.stop COMMAND bash ${CMAKE_SOURCE_DIR}/tests/pg/server.sh stop ${PG_STATE})
set_tests_properties(pg.start PROPERTIES FIXTURES_SETUP pg)
set_tests_properties(pg.stop PROPERTIES FIXTURES_CLEANUP pg)

# px_pg_test(NAME "ENV" COMMAND...): a test that runs COMMAND with its own
# PostgreSQL database (PARINDEX_TEST_DB) and the environment ENV. Adding
# the PostgreSQL variant of a suite is one call.
function(px_pg_test name env)
  add_test(NAME ${name} COMMAND bash ${CMAKE_SOURCE_DIR}/tests/pg/with-db.sh ${PG_STATE}
           ${name} ${ARGN})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED pg ENVIRONMENT "${env}")
endfunction()

# cmocka is REQUIRED (CMakeLists.txt): the unit suites are never skipped
file(GLOB UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE parindex_lib PkgConfig::CMOCKA)
  add_test(NAME unit.${name} COMMAND ${name})
  set_tests_properties(unit.${name} PROPERTIES
    ENVIRONMENT "PARINDEX_FIXTURES=${CMAKE_SOURCE_DIR}/tests/fixtures;PARINDEX_TEST_DB=")
  # storage tests run on both backends
  if(name MATCHES "^test_(db|repo)")
    px_pg_test(pg.unit.${name} "PARINDEX_FIXTURES=${CMAKE_SOURCE_DIR}/tests/fixtures"
               $<TARGET_FILE:${name}>)
  endif()
endforeach()

# every CLI script runs on SQLite (cli.NAME) and on PostgreSQL (pg.cli.NAME);
# the equivalence test needs both at once, so it is a pg test only
set(CLI_ENV "PARINDEX=$<TARGET_FILE:parindex>;FIXTURES=${CMAKE_SOURCE_DIR}/tests/fixtures;SRCDIR=${CMAKE_SOURCE_DIR};TMPROOT=${CMAKE_BINARY_DIR}/tmp")
file(GLOB CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cli/test_*.sh)
foreach(script ${CLI_TESTS})
  get_filename_component(name ${script} NAME_WE)
  if(NOT name STREQUAL "test_equivalence")
    add_test(NAME cli.${name} COMMAND bash ${script})
    set_tests_properties(cli.${name} PROPERTIES ENVIRONMENT "${CLI_ENV};PARINDEX_TEST_DB=")
  endif()
  px_pg_test(pg.cli.${name} "${CLI_ENV}" bash ${script})
endforeach()
# a synchronous standby that takes over (tests/pg/failover.sh: its own
# primary and standby, not the shared server)
add_test(NAME pg.failover COMMAND bash ${CMAKE_SOURCE_DIR}/tests/pg/failover.sh)
set_tests_properties(pg.failover PROPERTIES ENVIRONMENT "${CLI_ENV}")
# the pg suites' databases are in vi_VN.UTF-8 where the machine has it
# (tests/pg/with-db.sh); equivalence again on the cluster's default locale
px_pg_test(pg.cli.test_equivalence_default_locale "${CLI_ENV};PARINDEX_PG_LOCALE=default"
           bash ${CMAKE_SOURCE_DIR}/tests/cli/test_equivalence.sh)

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

# Browser tests (tests/e2e/test_*.mjs, node's test runner driving Debian's
# chromium through playwright-core from package.json): each file starts its
# own demo database and `parindex serve` on a free loopback port
# (tests/e2e/harness.mjs) and saves screenshots in SCREENSHOT_DIR. The files
# are one test each (e2e.NAME), so that a slow file has its own time limit
# and ctest -j runs two browsers at once.
file(GLOB E2E_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/e2e/test_*.mjs)
foreach(script ${E2E_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME e2e.${name} COMMAND node --test ${script}
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(e2e.${name} PROPERTIES TIMEOUT 600 ENVIRONMENT
    "PARINDEX=$<TARGET_FILE:parindex>;SCREENSHOT_DIR=${CMAKE_BINARY_DIR}/screenshots;PARINDEX_TEST_DB=")
endforeach()

# HTTP black-box suites (tests/http/test_*.mjs, node's built-in test runner):
# each file starts its own server on a fresh demo database
# (tests/http/harness.mjs), on SQLite (http.NAME) and on PostgreSQL
# (pg.http.NAME).
set(HTTP_ENV "PARINDEX=$<TARGET_FILE:parindex>;FIXTURES=${CMAKE_SOURCE_DIR}/tests/fixtures;TMPROOT=${CMAKE_BINARY_DIR}/tmp")
file(GLOB HTTP_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/http/test_*.mjs)
foreach(script ${HTTP_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME http.${name} COMMAND node --test ${script})
  set_tests_properties(http.${name} PROPERTIES ENVIRONMENT "${HTTP_ENV};PARINDEX_TEST_DB="
                       TIMEOUT 600)
  px_pg_test(pg.http.${name} "${HTTP_ENV}" node --test ${script})
  set_tests_properties(pg.http.${name} PROPERTIES TIMEOUT 600)
endforeach()
