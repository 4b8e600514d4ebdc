// Articles' Markdown as HTML: CommonMark's own elements come through; everything that could run
// script in a reader's browser does not, however it is spelt (an XSS corpus of the tricks the
// well-known sanitiser test suites use).
#include "markdown/article_html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "html_safety.h"

namespace tierdesk::markdown {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using tierdesk::testing::UnsafeHtml;

// The check below is not vacuous: it finds each kind of danger it looks for.
TEST(ArticleHtml, TheCheckFindsWhatItLooksFor) {
  EXPECT_NE(UnsafeHtml("<p><script>x</script></p>"), "");
  EXPECT_NE(UnsafeHtml("<img src=\"/a.png\" onerror=\"x\" />"), "");
  EXPECT_NE(UnsafeHtml("<img src=/a.png onerror=x>"), "");
  EXPECT_NE(UnsafeHtml("<a href=\"JavaScript:x\">y</a>"), "");
  EXPECT_NE(UnsafeHtml("<a href=\"//evil.example\">y</a>"), "");
  EXPECT_NE(UnsafeHtml("<img src=\"https://a.example/x.svg\" />"), "");
  EXPECT_NE(UnsafeHtml("<p style=\"x\">y</p>"), "");
  EXPECT_EQ(UnsafeHtml("<p><a href=\"/x\" title=\"a &quot; onclick=&quot;b\">y</a></p>"), "");
}

TEST(ArticleHtml, CommonMarkItselfComesThrough) {
  const std::string html = ArticleHtml(
      "# Reset a password\n\n1. Open **Settings**\n2. Choose *Security*\n\n> Note\n\n"
      "```sh\nsudo systemctl restart vpn\n```\n\n[Guide](https://docs.example/vpn) and "
      "[help](/portal/new) and [top](#top) and [mail](mailto:desk@example.com)\n\n"
      "![screen](/api/v1/articles/7/files/abc.png \"The dialog\")\n\n---\nline  \nbreak `code`");
  EXPECT_THAT(html, HasSubstr("<h1>Reset a password</h1>"));
  EXPECT_THAT(html, HasSubstr("<ol>\n<li>Open <strong>Settings</strong></li>"));
  EXPECT_THAT(html, HasSubstr("<em>Security</em>"));
  EXPECT_THAT(html, HasSubstr("<blockquote>"));
  EXPECT_THAT(html, HasSubstr("<pre><code class=\"language-sh\">sudo systemctl restart vpn"));
  EXPECT_THAT(html, HasSubstr("<a href=\"https://docs.example/vpn\">Guide</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/portal/new\">help</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"#top\">top</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"mailto:desk@example.com\">mail</a>"));
  EXPECT_THAT(html, HasSubstr("<img src=\"/api/v1/articles/7/files/abc.png\" alt=\"screen\" "
                              "title=\"The dialog\" />"));
  EXPECT_THAT(html, HasSubstr("<hr />"));
  EXPECT_THAT(html, HasSubstr("<br />"));
  EXPECT_EQ(UnsafeHtml(html), "");
}

TEST(ArticleHtml, RawHtmlIsShownAsTheTextItIs) {
  const std::string html = ArticleHtml("<script>alert(1)</script>\n\nHi <b onclick=x()>there</b>");
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("Hi &lt;b onclick=x()&gt;there&lt;/b&gt;"));
  EXPECT_EQ(UnsafeHtml(html), "");
}

TEST(ArticleHtml, ALinkToAnythingButTheWebMailOrThisDeskKeepsOnlyItsWords) {
  for (const char* target :
       {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
        "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "%20javascript:alert(1)",
        "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "//evil.example/x", "/\\evil.example", "file:///etc/passwd", "\\\\evil\\share"}) {
    SCOPED_TRACE(target);
    const std::string html = ArticleHtml(std::string("[click me](") + target + ")");
    EXPECT_EQ(UnsafeHtml(html), "");
    EXPECT_THAT(html, HasSubstr("click me"));
  }
  // Spelt with an angle-bracket destination or as an autolink: the same.
  EXPECT_EQ(UnsafeHtml(ArticleHtml("[x](<javascript:alert(1)>)")), "");
  EXPECT_EQ(UnsafeHtml(ArticleHtml("<javascript:alert(1)>")), "");
  EXPECT_EQ(UnsafeHtml(ArticleHtml("[x]: javascript:alert(1)\n\n[y][x]")), "");
}

TEST(ArticleHtml, AnImageFromElsewhereOrAnSvgBecomesItsDescription) {
  for (const char* source :
       {"http://plain.example/a.png", "data:image/png;base64,AAAA", "javascript:alert(1)",
        "https://cdn.example/logo.svg", "/api/v1/files/x.SVG?download=0", "//evil/a.png",
        "https://cdn.example/a.svgz#x", "/files/a%2Esvg", "/files/a.Sv%67"}) {
    SCOPED_TRACE(source);
    const std::string html = ArticleHtml(std::string("![the logo](") + source + ")");
    EXPECT_THAT(html, Not(HasSubstr("<img")));
    EXPECT_THAT(html, HasSubstr("the logo"));
    EXPECT_EQ(UnsafeHtml(html), "");
  }
}

TEST(ArticleHtml, AttributesCannotBeBrokenOutOf) {
  for (const char* markdown :
       {"[x](https://a.example/\"onmouseover=alert(1) \"t\")", "![x\" onerror=\"alert(1)](/a.png)",
        "[x](/a \"t\\\" onclick=\\\"alert(1)\")", "```js\" onclick=\"alert(1)\nx\n```",
        "<a href=\"javascript:alert(1)\">x</a>", "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>", "<iframe src=//evil>", "<style>*{}</style>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"}) {
    SCOPED_TRACE(markdown);
    EXPECT_EQ(UnsafeHtml(ArticleHtml(markdown)), "");
  }
}

TEST(ArticleHtml, BytesThatAreNotUtf8AreReplaced) {
  const std::string html = ArticleHtml(std::string("caf\xC3") + "\xFF" + "!");
  EXPECT_THAT(html, HasSubstr("\xEF\xBF\xBD"));  // U+FFFD
}

TEST(ArticleText, TheWordsWithoutTheMarkup) {
  EXPECT_EQ(ArticleText("# VPN drops\n\nRestart the **client**.\n\n- one\n- two\n\n`code` here"),
            "VPN drops Restart the client. one two code here");
  EXPECT_EQ(ArticleText("<b>raw</b> html"), "<b>raw</b> html");
}

}  // namespace
}  // namespace tierdesk::markdown
