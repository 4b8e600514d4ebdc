#pragma once

// Internal to procedure/: reads the [[questionnaires]] of a procedure file into `procedure`,
// recording a Problem with its line for each thing wrong (an unknown next question, a cycle, a
// question no answer reaches, an asset or tier the procedure does not have).

#include <toml++/toml.h>

#include "core/procedure.h"
#include "procedure/toml_reader.h"

namespace tierdesk::procedure {

// Needs the procedure's tiers and assets read already.
void ReadQuestionnaires(const toml::table& doc, TomlReader& reader, core::Procedure& procedure);

}  // namespace tierdesk::procedure
