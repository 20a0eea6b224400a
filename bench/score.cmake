# bench_score: the scoring engine on 12,000 units x 150 criteria with
# formulas, ranking included (DESIGN.md target: < 100 ms). A program, not a
# test: tests never assert on wall time. Run it from a Release build:
#   cmake -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel
#   build-rel/bench_score
add_executable(bench_score ${CMAKE_SOURCE_DIR}/bench/bench_score.c)
target_link_libraries(bench_score PRIVATE parindex_lib)
