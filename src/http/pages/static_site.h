#pragma once

// The built web pages (Vite's web/dist: index.html, hashed files under assets/), held in memory.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "http/api/exchange.h"

namespace tierdesk::http {

// Bounds on what a site may hold: it is read whole into memory at start.
struct StaticSiteLimits {
  size_t max_files = 2000;
  size_t max_bytes = 50 << 20;
};

// Every regular file under a directory, read once at start. Requests are answered from memory
// only: a path from a request is a key in a map, never a path on disk, so no request can reach
// a file outside the directory (or one added after start).
class StaticSite {
 public:
  // kInvalidArgument when `root` is not a directory, has no index.html or breaks a limit;
  // kUnavailable when a file cannot be read. Symbolic links to directories are not followed.
  [[nodiscard]] static Result<StaticSite> Load(const std::filesystem::path& root,
                                               StaticSiteLimits limits = {});

  // The answer to a GET of `path` (as requested, %XX escapes allowed) from a browser that sent
  // `if_none_match`: the file; 304 if its ETag is among those the browser has; index.html for
  // a path without a file extension (the single-page app routes itself); nullopt otherwise.
  std::optional<ApiResponse> Answer(std::string_view path, std::string_view if_none_match) const;

  size_t file_count() const { return files_.size(); }
  size_t byte_count() const { return bytes_; }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;           // "\"<BLAKE2b of the body, hex>\""
    std::string cache_control;  // hashed assets never change; other files are revalidated
  };
  ApiResponse Serve(const File& file, std::string_view if_none_match) const;

  std::unordered_map<std::string, File> files_;  // by path: "/index.html", "/assets/app-1f3.js"
  size_t bytes_ = 0;
};

// The Content-Type for a file name's extension; application/octet-stream when unknown.
std::string_view ContentTypeFor(std::string_view file_name);

}  // namespace tierdesk::http
