// main.cpp — the doctest runner of the test suite (test/*.cpp). It prepares
// the BLAS first, as the `ricci` driver does (data/blas.h).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "data/blas.h"

int main(int argc, char** argv) {
  ricci::prepare_blas();
  return doctest::Context(argc, argv).run();
}
