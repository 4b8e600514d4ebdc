#include "core/event.h"

namespace tierdesk::core {

const std::string* Event::Field(std::string_view key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
}

Effect::Kind ParseEffectKind(std::string_view name) {
  return name == "page"      ? Effect::Kind::kPage
         : name == "task"    ? Effect::Kind::kTask
         : name == "webhook" ? Effect::Kind::kWebhook
                             : Effect::Kind::kEmail;
}

const char* EffectKindName(Effect::Kind k) {
  switch (k) {
    case Effect::Kind::kEmail:
      return "email";
    case Effect::Kind::kPage:
      return "page";
    case Effect::Kind::kTask:
      return "task";
    case Effect::Kind::kWebhook:
      return "webhook";
  }
  return "";
}

}  // namespace tierdesk::core
