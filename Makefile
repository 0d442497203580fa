# ricciflow — build, test, sanitize.
#
#   make             build/ricci and build/libricciflow.a (OpenBLAS through CBLAS)
#   make BLAS=none   the same with the built-in GEMM, for machines without a BLAS
#   make test        build and run the doctest suite
#   make asan        the same suite under AddressSanitizer and UBSan (build/asan/)
#   make tsan        the suite, a threaded analyze and a threaded sweep under ThreadSanitizer (build/tsan/)
#   make fuzz        libFuzzer on the IDX, CSV, NPY, NPZ, CIFAR-10, INI, JSON and result-table readers and on
#                    names in messages (clang++; not part of test)
#   make bench       ricciflow against PyTorch and scikit-learn + SciPy (bench/results.md)
#   make bench-geom  build/geom-bench, the geom/ benchmark (bench/geom_bench.cpp)
#   make python      build/python/ricciflow, the Python module (pybind11; docs/python.md)
#   make test-python its tests against build/ricci (python/tests/)
#   make test-pip    pip install --no-build-isolation of the tracked files into a fresh venv, then those tests
#   make test-slurm  the README's job array on a real one-node Slurm, merged and compared (test/slurm/run.sh; root)
#   make clean

CXX      ?= g++
BLAS     ?= openblas
BUILD    ?= build
OPT      ?= -O2 -fvect-cost-model=dynamic
CXXFLAGS += -std=c++17 $(OPT) -g -fno-math-errno -ffp-contract=off -Wall -Wextra -pthread
CPPFLAGS += -I. -MMD -MP
LDFLAGS  += -pthread

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

.PHONY: all test asan tsan fuzz bench bench-geom python test-python test-pip test-slurm clean
all: $(RICCI) $(LIB)

$(OBJ)/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(OBJ)/test/%.o: CPPFLAGS += -DRICCI_BINARY='"$(RICCI)"'

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

test: $(TESTS) $(RICCI)
	./$(TESTS)

asan:
	$(MAKE) test BUILD=build/asan OPT="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-pthread -fsanitize=address,undefined"

# The suite under ThreadSanitizer (its `ricci` runs too), then `ricci analyze`
# and `ricci sweep` on 2 threads; any report fails (halt_on_error). GCC
# defines __SANITIZE_THREAD__, which leaves out the optimizer's target_clones:
# TSan's runtime crashes in their resolver.
TSAN_DIR := build/tsan
TSAN_RUN := TSAN_OPTIONS="halt_on_error=1" $(TSAN_DIR)/ricci
tsan:
	$(MAKE) test BUILD=$(TSAN_DIR) OPT="-O1 -fsanitize=thread -fno-omit-frame-pointer" LDFLAGS="-pthread -fsanitize=thread"
	rm -rf $(TSAN_DIR)/runs
	$(TSAN_RUN) train --data linked-tori:n=1500 --width 20 --depth 3 --epochs 3 --threads 2 --quiet --out $(TSAN_DIR)/runs/train
	$(TSAN_RUN) analyze $(TSAN_DIR)/runs/train --k 5,20 --local --threads 2 --quiet
	$(TSAN_RUN) sweep --datasets 'circles:n=300;spirals:n=300' --widths 8 --depths 2,3 --seeds 1,2 --epochs 3 \
	  --k 5,10 --threads 2 --quiet --out $(TSAN_DIR)/runs/sweep

# The readers of untrusted files under libFuzzer, ASan and UBSan (fuzz/*_fuzz.cpp).
# Each target runs FUZZ_SECONDS from the seeds fuzz/seeds.sh writes into
# build/fuzz/seeds/<reader>; what it
# learns stays in build/fuzz/corpus-<reader> for the next run, and a crashing
# input is saved as build/fuzz/crash-* (replay: build/fuzz/<reader>_fuzz FILE).
FUZZ_CXX      ?= clang++
FUZZ_SECONDS  ?= 60
FUZZ_BUILD    := build/fuzz
FUZZ_READERS  := idx csv npy npz cifar ini json table message
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
# python/*.cpp, the library's data/, geom/ and flow/ and bin/options.cpp
# (the subjects of errors), all compiled position-independent into
# $(BUILD)/obj-$(BLAS)-pic. Debian: python3-dev, pybind11-dev, python3-numpy.
PY_OBJ     := $(BUILD)/obj-$(BLAS)-pic
PY_SRC     := $(wildcard data/*.cpp data/io/*.cpp data/sets/*.cpp geom/*.cpp flow/*.cpp python/*.cpp) bin/options.cpp
PY_OBJS    := $(PY_SRC:%.cpp=$(PY_OBJ)/%.o)
PY_DIR     := $(BUILD)/python/ricciflow
PY_FILES   := $(patsubst python/ricciflow/%,$(PY_DIR)/%,$(wildcard python/ricciflow/*.py))
PY_INCLUDE  = $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
PY_SUFFIX   = $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
PY_MODULE   = $(PY_DIR)/_ricciflow$(PY_SUFFIX)

$(PY_OBJ)/python/%.o: CPPFLAGS += -isystem $(PY_INCLUDE) -fvisibility=hidden
$(PY_OBJ)/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -fPIC -c $< -o $@

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

-include $(LIB_OBJ:.o=.d) $(BIN_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(PY_OBJS:.o=.d) $(OBJ)/bench/geom_bench.d $(FUZZ_DATA_OBJ:.o=.d) \
  $(FUZZ_READERS:%=$(FUZZ_BUILD)/%_fuzz.d)
