// tierdesk command line: wiring only; every rule lives in the libraries.
#include <iostream>

#include <CLI/CLI.hpp>

#include "procedure/loader.h"

namespace {

constexpr int kExitBadInput = 2;

int Validate(const std::vector<std::string>& files) {
  int status = 0;
  for (const auto& file : files) {
    auto loaded = tierdesk::procedure::LoadProcedureFile(file);
    if (!loaded.problems.empty()) {
      std::cerr << tierdesk::procedure::FormatProblems(file, loaded.problems);
      status = kExitBadInput;
      continue;
    }
    const auto& p = *loaded.procedure;
    std::cout << file << ": ok — " << p.name << ": " << p.tiers.size() << " tiers, "
              << p.people.size() << " people, " << p.assets.size() << " assets, "
              << p.calendars.size() << " calendars\n";
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tierdesk — tiered support escalation"};
  app.require_subcommand(1);

  std::vector<std::string> validate_files;
  auto* validate = app.add_subcommand("validate", "Check procedure files; exit 2 on any problem");
  validate->add_option("files", validate_files, "procedure files (TOML)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitBadInput;
  }
  if (*validate) return Validate(validate_files);
  return 0;
}
