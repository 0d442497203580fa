// version.cpp — the version line, with the commit the Makefile recorded.
#include "bin/version.h"

#ifndef RICCI_GIT_COMMIT
#define RICCI_GIT_COMMIT ""
#endif

namespace ricci {

std::string version_text() {
  const std::string commit = RICCI_GIT_COMMIT;
  return std::string("ricci ") + kVersion + (commit.empty() ? "" : " (commit " + commit + ")");
}

}  // namespace ricci
