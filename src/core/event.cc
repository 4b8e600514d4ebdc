#include "core/event.h"

namespace tierdesk::core {

const std::string* Event::Field(std::string_view key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
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
