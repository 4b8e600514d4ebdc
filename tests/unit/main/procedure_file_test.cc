#include "main/procedure_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "test_support.h"

namespace tierdesk::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::kSourceDir;
using testing::ReadFile;

class ProcedureFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tierdesk-procedure-file-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    file_ = dir_ / "procedure.toml";
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_, file_;
};

TEST_F(ProcedureFile, ReplacesTheFileKeepingThePreviousOneAndItsPermissions) {
  std::ofstream(file_) << "version 1\n";
  fs::permissions(file_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  ASSERT_TRUE(ReplaceFileKeepingPrevious(file_, "version 2\n"));
  EXPECT_EQ(ReadFile(file_), "version 2\n");
  EXPECT_EQ(ReadFile(dir_ / "procedure.toml.previous"), "version 1\n");
  EXPECT_EQ(fs::status(file_).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  // No temporary file is left behind; the next replacement keeps the one before it.
  ASSERT_TRUE(ReplaceFileKeepingPrevious(file_, "version 3\n"));
  EXPECT_EQ(ReadFile(dir_ / "procedure.toml.previous"), "version 2\n");
  EXPECT_EQ(Names(), (std::vector<std::string>{"procedure.toml", "procedure.toml.previous"}));
}

TEST_F(ProcedureFile, ALinkIsFollowedAndStaysALink) {
  std::ofstream(dir_ / "real.toml") << "version 1\n";
  fs::create_symlink("real.toml", file_);
  ASSERT_TRUE(ReplaceFileKeepingPrevious(file_, "version 2\n"));
  EXPECT_TRUE(fs::is_symlink(file_));
  EXPECT_EQ(ReadFile(file_), "version 2\n");
  EXPECT_EQ(ReadFile(dir_ / "real.toml.previous"), "version 1\n");
}

TEST_F(ProcedureFile, AFailureLeavesNothingBehind) {
  auto failed = ReplaceFileKeepingPrevious(dir_ / "missing-folder" / "p.toml", "text");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(failed.error().message, HasSubstr("missing-folder"));
  EXPECT_TRUE(Names().empty());
}

TEST_F(ProcedureFile, TextIsCheckedAsTheFileWouldBeButNamesOnlyFilesInItsFolder) {
  const fs::path seed = kSourceDir / "procedures/001-customer-support.toml";
  const std::string text = ReadFile(seed);
  auto valid = CheckProcedureText(seed, text);  // its iCalendar file is found beside it
  EXPECT_TRUE(valid.procedure.has_value());
  EXPECT_TRUE(valid.problems.empty());
  std::string outside = text;
  outside.replace(outside.find("holidays/svv-2026.ics"), 21, "/etc/hostname");
  auto refused = CheckProcedureText(seed, outside);
  EXPECT_FALSE(refused.procedure.has_value());
  ASSERT_EQ(refused.problems.size(), 1u);
  EXPECT_EQ(refused.problems[0].line, 23);
  EXPECT_THAT(refused.problems[0].message, HasSubstr("inside the procedure's folder"));
}

}  // namespace
}  // namespace tierdesk::cli
