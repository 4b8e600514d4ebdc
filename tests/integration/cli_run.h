#pragma once

// Runs the tierdesk binary as a person does, with its exit code, output and errors.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"

namespace tierdesk::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `args` each quoted for the shell; stderr goes through a file in `scratch`.
inline CliRun RunCli(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
  std::string command = TIERDESK_BINARY;
  for (const auto& a : args) command += " '" + a + "'";
  const auto errors = scratch / "stderr";
  CliRun run;
  FILE* pipe = ::popen((command + " 2>'" + errors.string() + "'").c_str(), "r");
  char buf[4096];
  while (pipe && fgets(buf, sizeof buf, pipe)) run.out += buf;
  const int status = pipe ? ::pclose(pipe) : -1;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.err = ReadFile(errors);
  return run;
}

}  // namespace tierdesk::testing
