# bench/dossier: `dossier analyze` and `dossier import` on generated files
# against DuckDB and the sqlite3 shell (DESIGN.md targets). The generator
# is a program of its own (no parindex code: the data must not depend on
# the code it measures); bench/dossier/run.sh builds nothing, it takes a
# Release build directory:
#   cmake -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel
#   bench/dossier/run.sh build-rel [ROWS]
# tests/cli/test_dossier.sh uses gen_dossier too (next to the parindex
# binary).
add_executable(gen_dossier ${CMAKE_SOURCE_DIR}/bench/dossier/gen_dossier.c)
