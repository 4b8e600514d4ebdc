#include "http/api/uploads.h"

#include <gtest/gtest.h>

#include "common/sha256.h"
#include "common/utf8.h"

namespace tierdesk::http {
namespace {

TEST(UploadMediaType, TakesImagesPdfAndTextOnly) {
  EXPECT_EQ(UploadMediaType("image/png"), "image/png");
  EXPECT_EQ(UploadMediaType("IMAGE/JPEG"), "image/jpeg");
  EXPECT_EQ(UploadMediaType("text/plain; charset=utf-8"), "text/plain");
  EXPECT_EQ(UploadMediaType("application/pdf"), "application/pdf");
  for (const char* refused : {"text/html", "image/svg+xml", "application/octet-stream",
                              "image/pngx", "application/x-msdownload", ""})
    EXPECT_EQ(UploadMediaType(refused), std::nullopt) << refused;
}

TEST(UploadFileName, RefusesPathsAndControlCharacters) {
  for (std::string_view refused :
       {std::string_view("../etc/passwd"), std::string_view("dir\\file.png"),
        std::string_view("a\nb.png"), std::string_view("a\0b.png", 7), std::string_view("a\x7f"),
        std::string_view("a\xc2\x85.png"),        // U+0085, a C1 control
        std::string_view("\xe2\x80\xaegnp.exe"),  // U+202E makes it read "exe.png"
        std::string_view("bad\xff.png"), std::string_view(""), std::string_view("."),
        std::string_view("..")}) {
    auto name = UploadFileName(refused);
    ASSERT_FALSE(name) << refused;
    EXPECT_EQ(name.error().field, "name");
  }
  EXPECT_EQ(UploadFileName("Screenshot 2026-01-05 at 10.02.png").value(),
            "Screenshot 2026-01-05 at 10.02.png");
  EXPECT_EQ(UploadFileName("résumé..pdf").value(), "résumé..pdf");
}

TEST(UploadFileName, LongNamesAreCutAtACharacterBoundary) {
  std::string long_name;
  for (int i = 0; i < 150; ++i) long_name += "é";  // 300 bytes, 2 each
  long_name = "x" + long_name;                     // so 200 falls inside a character
  const std::string cut = UploadFileName(long_name).value();
  EXPECT_EQ(cut.size(), 199u);
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_EQ(cut, long_name.substr(0, 199));
}

TEST(Sha256Hex, IsTheKnownDigest) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace tierdesk::http
