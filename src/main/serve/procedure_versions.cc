#include "main/serve/procedure_versions.h"

#include <spdlog/spdlog.h>

#include "procedure/loader.h"

namespace tierdesk::serve {

ProcedureVersions::ProcedureVersions(core::Procedure first) {
  versions_.push_back(std::make_unique<const core::Procedure>(std::move(first)));
}

const core::Procedure& ProcedureVersions::Current() const {
  std::lock_guard lock(mu_);
  return *versions_.back();
}

Result<const core::Procedure*> ProcedureVersions::Reload(const std::string& path) {
  auto loaded = procedure::LoadProcedureFile(path);
  if (!loaded.procedure)
    return Fail(ErrorCode::kInvalidArgument, "the procedure file has problems; nothing changed:\n" +
                                                 procedure::FormatProblems(path, loaded.problems));
  std::lock_guard lock(mu_);
  versions_.push_back(std::make_unique<const core::Procedure>(std::move(*loaded.procedure)));
  spdlog::info("procedure {} reloaded from {}", versions_.back()->id, path);
  return versions_.back().get();
}

std::string ProcedureVersions::EmailOf(const std::string& person) const {
  const core::Person* who = Current().FindPerson(person);
  return who == nullptr ? std::string() : who->email;
}

}  // namespace tierdesk::serve
