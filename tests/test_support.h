#pragma once

// Helpers shared by the test suites.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/time.h"
#include "core/command.h"
#include "core/procedure.h"
#include "procedure/loader.h"

namespace tierdesk::testing {

inline const std::filesystem::path kSourceDir = TIERDESK_SOURCE_DIR;

inline core::Procedure SeedProcedure(const std::string& file) {
  auto loaded = procedure::LoadProcedureFile(kSourceDir / "procedures" / file);
  if (!loaded.procedure) {
    ADD_FAILURE() << procedure::FormatProblems(file, loaded.problems);
    return {};
  }
  return std::move(*loaded.procedure);
}

inline Timestamp At(const char* rfc3339) { return ParseTimestamp(rfc3339).value(); }

// A web-01 outage reported by `client` (seed 000's assets).
inline core::Command CreateFor(const std::string& client, std::string key = {}) {
  core::cmd::Create c;
  c.registration.title = "Shop checkout returns 500";
  c.registration.client_id = client;
  c.registration.requester_email = client + "@client.example";
  c.registration.assets = {{"server", "web-01"}, {"product", "shop"}};
  return core::Command{"client:" + client, 0, c, std::move(key)};
}

// A unique file path under the test's temporary directory.
inline std::string TempDbPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "tierdesk-tests";
  std::filesystem::create_directories(dir);
  std::string safe = name;
  std::replace(safe.begin(), safe.end(), '/', '_');
  auto path = dir / (safe + "-" + std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

// A file's bytes, whole (empty if it cannot be read).
inline std::string ReadFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace tierdesk::testing
