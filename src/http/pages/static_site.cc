#include "http/pages/static_site.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "common/text.h"

namespace tierdesk::http {

namespace fs = std::filesystem;

namespace {

// Vite names what it builds under assets/ after the content's hash: a new build, a new name.
constexpr std::string_view kImmutableDir = "/assets/";

// The extension of a path's last segment ("js" for "/assets/app.js"), empty if it has none.
std::string_view Extension(std::string_view path) {
  const std::string_view name = path.substr(path.rfind('/') + 1);
  const size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

bool HasExtension(std::string_view path) {
  return path.substr(path.rfind('/') + 1).find('.') != std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = char(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// %XX escapes decoded (a '+' stays a '+' in a path). What comes out is only ever a map key.
std::string DecodePath(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && HexValue(path[i + 1]) >= 0 &&
        HexValue(path[i + 2]) >= 0) {
      out += char(HexValue(path[i + 1]) * 16 + HexValue(path[i + 2]));
      i += 2;
    } else {
      out += path[i];
    }
  }
  return out;
}

std::string ETagOf(std::string_view body) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(body.data()),
                     body.size(), nullptr, 0);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return "\"" + std::string(hex) + "\"";
}

// Whether an If-None-Match header ("\"a\", W/\"b\"" or "*") names `etag`.
bool NoneMatchNames(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);  // weak comparison, as RFC 9110 says
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  const std::string ext = AsciiLower(Extension(file_name));
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "webmanifest") return "application/manifest+json";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

Result<StaticSite> StaticSite::Load(const fs::path& root, StaticSiteLimits limits) {
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "libsodium did not start");
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    return Fail(ErrorCode::kInvalidArgument, root.string() + " is not a directory");
  StaticSite site;
  fs::recursive_directory_iterator it(root, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    // Only plain files: a symbolic link could lead anywhere, and Vite makes none.
    const fs::file_status status = it->symlink_status(ec);
    if (ec) break;
    if (!fs::is_regular_file(status)) continue;
    if (site.files_.size() == limits.max_files)
      return Fail(ErrorCode::kInvalidArgument, root.string() + " holds more than " +
                                                   std::to_string(limits.max_files) + " files");
    const uintmax_t size = it->file_size(ec);
    if (ec) break;
    if (size > limits.max_bytes - site.bytes_)
      return Fail(ErrorCode::kInvalidArgument, root.string() + " holds more than " +
                                                   std::to_string(limits.max_bytes) + " bytes");
    std::ifstream in(it->path(), std::ios::binary);
    File file;
    file.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof())
      return Fail(ErrorCode::kUnavailable, "cannot read " + it->path().string());
    // Checked again on what was read: the file may have grown since it was measured.
    if (file.body.size() > limits.max_bytes - site.bytes_)
      return Fail(ErrorCode::kInvalidArgument, root.string() + " holds more than " +
                                                   std::to_string(limits.max_bytes) + " bytes");
    const std::string key = "/" + it->path().lexically_relative(root).generic_string();
    file.content_type = std::string(ContentTypeFor(key));
    file.etag = ETagOf(file.body);
    file.cache_control =
        key.rfind(kImmutableDir, 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
    site.bytes_ += file.body.size();
    site.files_.emplace(key, std::move(file));
  }
  if (ec)
    return Fail(ErrorCode::kUnavailable, "cannot read " + root.string() + ": " + ec.message());
  if (!site.files_.count("/index.html"))
    return Fail(ErrorCode::kInvalidArgument, root.string() + " has no index.html");
  return site;
}

std::optional<ApiResponse> StaticSite::Answer(std::string_view path,
                                              std::string_view if_none_match) const {
  std::string key = DecodePath(path);
  if (key.empty() || key == "/") key = "/index.html";
  if (auto it = files_.find(key); it != files_.end()) return Serve(it->second, if_none_match);
  if (HasExtension(key)) return std::nullopt;
  return Serve(files_.at("/index.html"), if_none_match);
}

ApiResponse StaticSite::Serve(const File& file, std::string_view if_none_match) const {
  ApiResponse r;
  r.content_type = file.content_type;
  r.headers = {{"ETag", file.etag}, {"Cache-Control", file.cache_control}};
  if (NoneMatchNames(if_none_match, file.etag)) {
    r.status = 304;  // the browser's copy is current: headers only
    return r;
  }
  r.status = 200;
  r.body = file.body;
  return r;
}

}  // namespace tierdesk::http
