# ricciflow — build, test, sanitize.
#
#   make             build/ricci and build/libricciflow.a (OpenBLAS through CBLAS)
#   make BLAS=none   the same with the built-in GEMM, for machines without a BLAS
#   make test        check the layering (test/layering.sh), build and run the doctest suite (in two halves at once)
#   make asan        the same suite under AddressSanitizer and UBSan, at -O0 (build/asan/)
#   make fuzz-replay every fuzz target built with g++ under ASan and UBSan (objects of build/asan/),
#                    run once on its seeds and fuzz/regressions/<reader>/ (build/asan/fuzz-replay/)
#   make tsan        `ricci` alone under ThreadSanitizer (build/tsan/), running the commands that start
#                    threads: train, analyze (k-NN, geodesics, Ollivier, radius graph) and sweep on 2 threads
#   make fuzz        libFuzzer on the IDX, CSV, NPY, NPZ, CIFAR-10, INI, JSON and result-table readers and on
#                    names in messages (clang++; not part of test)
#   make bench       ricciflow against PyTorch and scikit-learn + SciPy (bench/results.md)
#   make bench-geom  build/geom-bench, the geom/ benchmark (bench/geom_bench.cpp)
#   make python      build/python/ricciflow, the Python module (pybind11; docs/python.md), linked from
#                    the objects of `make` (every object is compiled position-independent)
#   make test-python its tests against build/ricci (python/tests/)
#   make test-pip    pip install --no-build-isolation of the tracked files into a fresh venv, then those tests
#   make test-slurm  the README's job array on a real one-node Slurm, merged and compared (test/slurm/run.sh; root)
#   make clean
#
# CI (.ci/run) runs test, asan, fuzz-replay, tsan and test-python, in that order.

CXX      ?= g++
BLAS     ?= openblas
BUILD    ?= build
OPT      ?= -O2 -fvect-cost-model=dynamic
# The test files are compiled without optimisation: their compile time is
# doctest's expansion of every CHECK (twice that of -O2 per file), their
# own code is small, and the library they test keeps OPT.
TEST_OPT ?= -O0
# bin/ (the driver's pieces) keeps OPT too, but for ThreadSanitizer (tsan).
BIN_OPT  ?= $(OPT)
# -fsanitize=... for the sanitizer builds (asan, tsan), on every object and link.
SANITIZE ?=
# Debug information: full (-g) for the library and the driver; line tables
# only (-g1: files and lines in backtraces and sanitizer reports, no
# variables) for the tests and the sanitizer builds, whose objects compile
# 10 to 25 % faster with it.
DEBUG      ?= -g
TEST_DEBUG ?= -g1
# Every object is position-independent, so that the Python module links
# the objects of this build instead of compiling the library a second time;
# without semantic interposition the code is that of -fPIE (Debian's
# default), and the outputs are byte-identical.
CXXFLAGS += -std=c++17 $(OBJ_OPT) $(DEBUG) -fno-math-errno -ffp-contract=off -fPIC -fno-semantic-interposition \
            -Wall -Wextra -pthread $(SANITIZE)
CPPFLAGS += -I. -MMD -MP
LDFLAGS  += -pthread $(SANITIZE)
OBJ_OPT   = $(OPT)

# zlib inflates gzipped IDX, CSV and CIFAR-10 files (data/io/gzip.cpp) and NPZ members (data/io/zip.cpp).
ZLIB_LIBS := -lz

ifeq ($(BLAS),none)
  CPPFLAGS += -DRICCI_NO_BLAS
  BLAS_LIBS :=
else ifeq ($(BLAS),openblas)
  BLAS_LIBS := -lopenblas
else
  $(error BLAS must be openblas or none)
endif

LIB_SRC  := $(wildcard data/*.cpp data/io/*.cpp data/sets/*.cpp nn/*.cpp geom/*.cpp flow/*.cpp)
BIN_SRC  := $(wildcard bin/*.cpp bin/experiment/*.cpp bin/sweep/*.cpp bin/report/*.cpp)
TEST_SRC := $(wildcard test/*.cpp)

OBJ      := $(BUILD)/obj-$(BLAS)
LIB      := $(BUILD)/libricciflow.a
RICCI    := $(BUILD)/ricci
TESTS    := $(BUILD)/ricci-tests
LIB_OBJ  := $(LIB_SRC:%.cpp=$(OBJ)/%.o)
BIN_OBJ  := $(BIN_SRC:%.cpp=$(OBJ)/%.o)
TEST_OBJ := $(TEST_SRC:%.cpp=$(OBJ)/%.o)
# The tests also link the driver's pieces (options, figures, ...), not its main().
BIN_PARTS := $(filter-out $(OBJ)/bin/main.o,$(BIN_OBJ))

# The products are relinked when BLAS changes: this stamp holds its value.
STAMP := $(BUILD)/blas.stamp
$(shell mkdir -p $(BUILD); [ "$$(cat $(STAMP) 2>/dev/null)" = "$(BLAS)" ] || echo "$(BLAS)" > $(STAMP))

.PHONY: all test asan tsan fuzz fuzz-replay bench bench-geom python test-python test-pip test-slurm clean
all: $(RICCI) $(LIB)

$(OBJ)/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(OBJ)/test/%.o: CPPFLAGS += -DRICCI_BINARY='"$(RICCI)"'
$(OBJ)/test/%.o: OBJ_OPT = $(TEST_OPT)
$(OBJ)/test/%.o: DEBUG = $(TEST_DEBUG)
$(OBJ)/bin/%.o: OBJ_OPT = $(BIN_OPT)

# The commit `ricci --version` names (bin/version.cpp), when built from a git
# checkout; empty from a tarball. Only version.o sees it, rebuilt when it changes.
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
COMMIT_STAMP := $(BUILD)/commit.stamp
$(shell [ -f $(COMMIT_STAMP) ] && [ "$$(cat $(COMMIT_STAMP))" = "$(GIT_COMMIT)" ] || echo "$(GIT_COMMIT)" > $(COMMIT_STAMP))
$(OBJ)/bin/version.o: CPPFLAGS += -DRICCI_GIT_COMMIT='"$(GIT_COMMIT)"'
$(OBJ)/bin/version.o: $(COMMIT_STAMP)

$(LIB): $(LIB_OBJ) $(STAMP)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(RICCI): $(BIN_OBJ) $(LIB) $(STAMP)
	$(CXX) $(LDFLAGS) $(BIN_OBJ) $(LIB) $(BLAS_LIBS) $(ZLIB_LIBS) -o $@

$(TESTS): $(TEST_OBJ) $(BIN_PARTS) $(LIB) $(STAMP)
	$(CXX) $(LDFLAGS) $(TEST_OBJ) $(BIN_PARTS) $(LIB) $(BLAS_LIBS) $(ZLIB_LIBS) -o $@

GEOM_BENCH := $(BUILD)/geom-bench
bench-geom: $(GEOM_BENCH)
$(GEOM_BENCH): $(OBJ)/bench/geom_bench.o $(LIB) $(STAMP)
	$(CXX) $(LDFLAGS) $(OBJ)/bench/geom_bench.o $(LIB) $(BLAS_LIBS) $(ZLIB_LIBS) -o $@

# The include rules of docs/design.md first, then the suite in two halves
# side by side (the suite runs one test at a time, so a second process uses
# the second core): the files of TEST_HALF, and every other file. Each
# test works in its own mkdtemp folder. The first half's output is printed
# after the second's, and either half failing fails the target.
TEST_HALF := *bin_study*,*bin_sweep_run*,*bin_ownership*,*bin_sweep_extend*,*bin_sweep_from*,*bin_report_pooled*
TEST_HALF := $(TEST_HALF),*geom_knn*,*bin_sweep_baselines*,*bin_sweep_config_options*
test: $(TESTS) $(RICCI)
	sh test/layering.sh
	@./$(TESTS) --source-file='$(TEST_HALF)' > $(BUILD)/test-half.log 2>&1 & half=$$!; \
	  ./$(TESTS) --source-file-exclude='$(TEST_HALF)'; rest=$$?; \
	  wait $$half; first=$$?; cat $(BUILD)/test-half.log; \
	  [ $$first -eq 0 ] && [ $$rest -eq 0 ]

# ASan and UBSan at -O0: under ASan a file compiles in a third (geom/, the
# tests) to a tenth (bin/'s option tables) of its time at -O1, and the
# suite's extra run time at -O0 is far smaller than the compile time saved.
ASAN_DIR      := build/asan
ASAN_SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
ASAN_ARGS     := BUILD=$(ASAN_DIR) OPT=-O0 TEST_OPT=-O0 DEBUG=-g1 SANITIZE="$(ASAN_SANITIZE)"
asan:
	$(MAKE) $(ASAN_ARGS) test

# `ricci` under ThreadSanitizer, then commands on 2 threads that reach the
# library's parallel loops; any report fails (halt_on_error). Not the suite:
# its threaded cases run the same loops on smaller inputs, and its test
# objects would double the build. train: the GEMM shim's shared products
# (512 x 128 x 128 per batch, beyond data/blas.cpp's kParallelWork);
# analyze: the k-NN search, the geodesic sums, the local coefficients,
# exact Ollivier-Ricci, a radius graph and its triangles (augmented
# Forman); sweep: models trained and analysed side by side.
# The library at -O1, where the threads run; bin/ at -O0, which compiles its
# option tables several times faster and has no loop that -O1 would speed.
# GCC defines __SANITIZE_THREAD__, which leaves out the optimizer's
# target_clones: TSan's runtime crashes in their resolver.
TSAN_DIR := build/tsan
TSAN_RUN := TSAN_OPTIONS="halt_on_error=1" $(TSAN_DIR)/ricci
tsan:
	$(MAKE) $(TSAN_DIR)/ricci BUILD=$(TSAN_DIR) OPT=-O1 BIN_OPT=-O0 DEBUG=-g1 SANITIZE="-fsanitize=thread -fno-omit-frame-pointer"
	rm -rf $(TSAN_DIR)/runs
	$(TSAN_RUN) train --data linked-tori:n=1500 --width 20 --depth 3 --epochs 3 --threads 2 --quiet --out $(TSAN_DIR)/runs/train
	$(TSAN_RUN) train --data circles:n=1000 --width 128 --depth 2 --batch 512 --epochs 1 --threads 2 --quiet \
	  --out $(TSAN_DIR)/runs/wide
	$(TSAN_RUN) analyze $(TSAN_DIR)/runs/train --k 5,20,60 --local --threads 2 --quiet
	$(TSAN_RUN) analyze $(TSAN_DIR)/runs/train --k 5 --curvature ollivier --threads 2 --quiet --out $(TSAN_DIR)/runs/ollivier
	$(TSAN_RUN) analyze $(TSAN_DIR)/runs/train --graph radius:1.5 --curvature augmented-forman --threads 2 --quiet \
	  --out $(TSAN_DIR)/runs/radius
	$(TSAN_RUN) sweep --datasets 'circles:n=300;spirals:n=300' --widths 8 --depths 2,3 --seeds 1,2 --epochs 3 \
	  --k 5,10 --threads 2 --quiet --out $(TSAN_DIR)/runs/sweep

# Every fuzz target (fuzz/*_fuzz.cpp) built with $(CXX) under ASan and UBSan
# from the objects of `make asan` and linked with fuzz/replay_main.cpp in
# place of libFuzzer, then run once on every seed (fuzz/seeds.sh) and every
# input saved in fuzz/regressions/<reader>/ (inputs that once crashed a
# reader, and edge cases: empty, truncated, overflowing headers). A finding
# there fails the build; save what `make fuzz` finds into that folder.
FUZZ_READERS := idx csv npy npz cifar ini json table message
fuzz-replay:
	$(MAKE) $(ASAN_ARGS) fuzz-replay-run

REPLAY_DIR := $(BUILD)/fuzz-replay
.PHONY: fuzz-replay fuzz-replay-run
.SECONDARY: $(FUZZ_READERS:%=$(OBJ)/fuzz/%_fuzz.o) $(OBJ)/fuzz/replay_main.o
$(REPLAY_DIR)/%_fuzz: $(OBJ)/fuzz/%_fuzz.o $(OBJ)/fuzz/replay_main.o $(BIN_PARTS) $(LIB) $(STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $< $(OBJ)/fuzz/replay_main.o $(BIN_PARTS) $(LIB) $(BLAS_LIBS) $(ZLIB_LIBS) -o $@

fuzz-replay-run: $(FUZZ_READERS:%=$(REPLAY_DIR)/%_fuzz)
	@sh fuzz/seeds.sh $(REPLAY_DIR)/seeds
	@for reader in $(FUZZ_READERS); do \
	  $(REPLAY_DIR)/$${reader}_fuzz $(REPLAY_DIR)/seeds/$$reader fuzz/regressions/$$reader || exit 1; \
	done

# The readers of untrusted files under libFuzzer, ASan and UBSan (fuzz/*_fuzz.cpp).
# Each target runs FUZZ_SECONDS from the seeds fuzz/seeds.sh writes into
# build/fuzz/seeds/<reader>; what it
# learns stays in build/fuzz/corpus-<reader> for the next run, and a crashing
# input is saved as build/fuzz/crash-* (replay: build/fuzz/<reader>_fuzz FILE).
FUZZ_CXX      ?= clang++
FUZZ_SECONDS  ?= 60
FUZZ_BUILD    := build/fuzz
FUZZ_CXXFLAGS := -std=c++17 -O1 -g -I. -DRICCI_NO_BLAS -fsanitize=address,undefined -fno-sanitize-recover=undefined
# The readers of sweep configs and result tables live in bin/ and reach
# into flow/: every fuzzer links the library and the driver's pieces.
FUZZ_DATA_OBJ := $(patsubst %.cpp,$(FUZZ_BUILD)/obj/%.o,$(LIB_SRC) $(filter-out bin/main.cpp,$(BIN_SRC)))

.SECONDARY: $(FUZZ_DATA_OBJ)
$(FUZZ_BUILD)/obj/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/%_fuzz: fuzz/%_fuzz.cpp $(FUZZ_DATA_OBJ)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer -MMD -MP $< $(FUZZ_DATA_OBJ) $(ZLIB_LIBS) -o $@

fuzz: $(FUZZ_READERS:%=$(FUZZ_BUILD)/%_fuzz)
	@sh fuzz/seeds.sh $(FUZZ_BUILD)/seeds
	@for reader in $(FUZZ_READERS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus-$$reader && \
	  $(FUZZ_BUILD)/$${reader}_fuzz -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(FUZZ_BUILD)/crash-$$reader- \
	    -print_final_stats=1 $(FUZZ_BUILD)/corpus-$$reader $(FUZZ_BUILD)/seeds/$$reader || exit 1; \
	done

# Benchmarks against PyTorch and scikit-learn + SciPy (bench/run_bench.py);
# Debian's python3 has the peers' packages (python3-torch, python3-sklearn).
PYTHON ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
bench: $(RICCI)
	$(PYTHON) bench/run_bench.py

# The Python module (optional: nothing else needs Python or pybind11): the
# package python/ricciflow/ with the extension _ricciflow built from
# python/*.cpp, and linked with the library's data/, geom/ and flow/ objects
# and bin/options.o (the subjects of errors) of this build, which are
# position-independent (CXXFLAGS). Debian: python3-dev, pybind11-dev,
# python3-numpy.
PY_SRC     := $(wildcard python/*.cpp)
# The library's sources the module links (setup.py compiles PY_SRC and these).
PY_LIB_SRC := $(wildcard data/*.cpp data/io/*.cpp data/sets/*.cpp geom/*.cpp flow/*.cpp) bin/options.cpp
PY_OBJS    := $(PY_SRC:%.cpp=$(OBJ)/%.o) $(PY_LIB_SRC:%.cpp=$(OBJ)/%.o)
PY_DIR     := $(BUILD)/python/ricciflow
PY_FILES   := $(patsubst python/ricciflow/%,$(PY_DIR)/%,$(wildcard python/ricciflow/*.py))
PY_INCLUDE  = $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
PY_SUFFIX   = $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
PY_MODULE   = $(PY_DIR)/_ricciflow$(PY_SUFFIX)

$(OBJ)/python/%.o: CPPFLAGS += -isystem $(PY_INCLUDE) -fvisibility=hidden

$(PY_DIR)/%.py: python/ricciflow/%.py
	@mkdir -p $(dir $@)
	cp $< $@

python: $(PY_FILES)
	@$(PYTHON) -c 'import numpy' 2>/dev/null || { echo "make python: needs NumPy for $(PYTHON) (Debian: python3-numpy)"; exit 1; }
	@[ -f "$(PY_INCLUDE)/Python.h" ] || { echo "make python: no Python.h in $(PY_INCLUDE) (Debian: python3-dev)"; exit 1; }
	@echo '#include <pybind11/pybind11.h>' | $(CXX) -std=c++17 -isystem $(PY_INCLUDE) -x c++ -fsyntax-only - 2>/dev/null || \
	  { echo "make python: no pybind11 headers (Debian: pybind11-dev)"; exit 1; }
	$(MAKE) $(PY_MODULE)

# (A pattern rule, so that Python is asked for the file name only when the
# module is built; its objects are kept, not removed as intermediates.)
.SECONDARY: $(PY_OBJS)
$(BUILD)/python/ricciflow/_ricciflow%: $(PY_OBJS) $(STAMP)
	$(CXX) $(LDFLAGS) -shared $(PY_OBJS) $(BLAS_LIBS) $(ZLIB_LIBS) -o $@

# The module against the command line on the same arrays (unittest; the
# PyTorch test skips when torch is absent).
test-python: python $(RICCI)
	PYTHONPATH=$(BUILD)/python RICCI_BINARY=$(RICCI) $(PYTHON) -m unittest discover -s python/tests -t . -v

# The module as a Python user installs it (setup.py, docs/python.md): the
# files git tracks, copied as a clean clone has them, built by pip offline
# (--no-build-isolation --no-index: Debian's setuptools, wheel and pybind11;
# python3-venv, python3-setuptools, python3-wheel, python3-pybind11) into a
# fresh venv that sees the system's NumPy, then the tests above on the
# installed package. It compiles every source again: about a minute on 2 idle cores.
PIP_DIR := $(BUILD)/pip
test-pip: $(RICCI)
	rm -rf $(PIP_DIR)
	mkdir -p $(PIP_DIR)/src
	git ls-files -z | xargs -0 cp --parents -t $(PIP_DIR)/src
	$(PYTHON) -m venv --system-site-packages $(PIP_DIR)/venv
	cd $(PIP_DIR)/src && ../venv/bin/pip install --no-build-isolation --no-index --quiet .
	cd $(PIP_DIR) && venv/bin/python -c 'import ricciflow, sys; assert ricciflow.__file__.startswith(sys.prefix), \
	  ricciflow.__file__; print("ricciflow", ricciflow.__version__, "from", ricciflow.__file__)'
	cd $(PIP_DIR)/src && RICCI_BINARY=$(abspath $(RICCI)) ../venv/bin/python -m unittest discover -s python/tests -t .

# The cluster path on a real Slurm (test/slurm/run.sh): a one-node Slurm of
# Debian's slurmctld, slurmd and munge (installed when missing; as root),
# started from a temporary folder and stopped at the end; the README's job
# array of --shard I/N sweeps, one task stopped by SIGTERM while it runs and
# requeued, the shards merged and compared byte for byte with the unsharded
# sweep. Not part of CI: run it when the cluster path changes.
test-slurm: $(RICCI)
	RICCI=$(RICCI) test/slurm/run.sh

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(BIN_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(PY_SRC:%.cpp=$(OBJ)/%.d) $(OBJ)/bench/geom_bench.d \
  $(wildcard $(OBJ)/fuzz/*.d) $(FUZZ_DATA_OBJ:.o=.d) $(FUZZ_READERS:%=$(FUZZ_BUILD)/%_fuzz.d)
