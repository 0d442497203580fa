// version.h — ricciflow's version, set here and nowhere else, and the git
// commit the binary was built from (the Makefile passes it to version.cpp
// alone, as RICCI_GIT_COMMIT, when it builds from a git checkout).
#pragma once

#include <string>

namespace ricci {

inline constexpr const char* kVersion = "0.1.0";

// "ricci 0.1.0 (commit 9c359afd1e2b)", or "ricci 0.1.0" when built without
// git (from a tarball): what `ricci --version` prints.
std::string version_text();

}  // namespace ricci
