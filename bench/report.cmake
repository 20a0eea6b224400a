# bench_report: the report renderers (io/doc_xlsx.c, io/doc_pdf.c) on the
# ranking of 12,000 units (DESIGN.md target: < 1 s and < 200 MB each).
#   build-release/bench_report [units]
add_executable(bench_report ${CMAKE_SOURCE_DIR}/bench/bench_report.c)
target_link_libraries(bench_report PRIVATE parindex_lib)
