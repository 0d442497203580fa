"""pip install --no-build-isolation . : the ricciflow Python module.

Builds the package python/ricciflow with its extension _ricciflow, as `make
python` does: the sources are the Makefile's PY_SRC and PY_LIB_SRC (read from the Makefile,
so that the two builds compile the same files), compiled with the
Makefile's flags that decide the numbers (-O2 -fno-math-errno
-ffp-contract=off -std=c++17), so that the tables equal `ricci analyze`'s
bit for bit (`make test-pip` checks it), and linked with OpenBLAS and zlib.
The version is bin/version.h's, as `ricci --version` prints it.

Offline, with Debian's packages (python3-setuptools, python3-wheel,
python3-pybind11, python3-dev, python3-numpy, libopenblas-dev, zlib1g-dev):

    python3 -m venv --system-site-packages venv
    venv/bin/pip install --no-build-isolation --no-index .

RICCI_BUILD_JOBS sets the number of compilers run at once (default 2).
"""

import glob
import re

import pybind11
from pybind11.setup_helpers import ParallelCompile
from setuptools import Extension, setup

# The flags of the Makefile's CXXFLAGS (OPT included) that the results
# depend on; -fvisibility=hidden keeps all but the module's entry private.
COMPILE_FLAGS = ["-std=c++17", "-O2", "-fvect-cost-model=dynamic", "-fno-math-errno", "-ffp-contract=off",
                 "-pthread", "-fvisibility=hidden"]


def version():
    """kVersion of bin/version.h, the one place the version is set."""
    with open("bin/version.h") as file:
        found = re.search(r'kVersion = "([^"]+)"', file.read())
    if not found:
        raise RuntimeError("setup.py: no kVersion = \"...\" in bin/version.h")
    return found.group(1)


def module_sources():
    """The Makefile's PY_SRC and PY_LIB_SRC (`NAME := $(wildcard PATTERNS...)
    FILES...`), their patterns expanded as make's wildcard does (sorted here)."""
    with open("Makefile") as file:
        makefile = file.read()
    sources = []
    for name in ("PY_SRC", "PY_LIB_SRC"):
        found = re.search(r"^" + name + r"\s*:=\s*(.*)$", makefile, re.MULTILINE)
        if not found:
            raise RuntimeError("setup.py: no " + name + " := ... line in the Makefile")
        line = found.group(1)
        for patterns in re.findall(r"\$\(wildcard ([^)]*)\)", line):
            for pattern in patterns.split():
                sources += sorted(glob.glob(pattern))
        sources += re.sub(r"\$\(wildcard [^)]*\)", " ", line).split()
    if not sources:
        raise RuntimeError("setup.py: the Makefile's PY_SRC names no source")
    return sources


ParallelCompile("RICCI_BUILD_JOBS", default=2).install()

setup(
    name="ricciflow",
    version=version(),
    description="Do a network's layers reshape data like Ricci flow? The measures of `ricci analyze` on NumPy arrays",
    packages=["ricciflow"],
    package_dir={"": "python"},
    ext_modules=[
        Extension("ricciflow._ricciflow", sources=module_sources(), include_dirs=[".", pybind11.get_include()],
                  extra_compile_args=COMPILE_FLAGS, extra_link_args=["-pthread"], libraries=["openblas", "z"],
                  language="c++"),
    ],
    python_requires=">=3.8",
    install_requires=["numpy"],
    extras_require={"pandas": ["pandas"], "torch": ["torch"]},
    zip_safe=False,
    options={"build": {"build_base": "build/setuptools"}},  # inside the Makefile's build/, which git ignores
)
