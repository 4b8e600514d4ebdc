#pragma once

// A throwaway certificate for TLS tests: self-signed for 127.0.0.1, so a client trusts it only
// when told to (ca_file), which is what the tests check.

#include <cstdlib>
#include <filesystem>
#include <string>

namespace tierdesk::testing {

struct TlsFiles {
  std::string cert;  // PEM; also the CA bundle that trusts it
  std::string key;
};

inline TlsFiles MakeSelfSignedCert(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  TlsFiles files{(dir / "cert.pem").string(), (dir / "key.pem").string()};
  const std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
      files.key + "' -out '" + files.cert + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return {};
  std::filesystem::permissions(
      files.key, std::filesystem::perms::others_read | std::filesystem::perms::group_read,
      std::filesystem::perm_options::add);
  return files;
}

}  // namespace tierdesk::testing
