// libFuzzer target: any Markdown an author writes renders to HTML that cannot run script
// (tests/html_safety.h), and its plain text never carries markup the renderer made.
#include <cstddef>
#include <cstdint>
#include <string>

#include "../tests/html_safety.h"
#include "markdown/article_html.h"

namespace {

void Require(bool holds) {
  if (!holds) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // articles are bounded before they are rendered
  const std::string markdown(reinterpret_cast<const char*>(data), size);
  const std::string html = tierdesk::markdown::ArticleHtml(markdown);
  Require(tierdesk::testing::UnsafeHtml(html).empty());
  (void)tierdesk::markdown::ArticleText(markdown);
  return 0;
}
