// The light mail gateway's readers of bytes from outside: the server's HTTP answer, and the
// --server URL. Neither may crash or read out of bounds; a parsed answer has a 3-digit status.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "main/gateway_http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto answer = tierdesk::cli::ParseGatewayAnswer(input)) {
    if (answer->status < 100 || answer->status > 999) __builtin_trap();
    if (answer->body.size() > input.size()) __builtin_trap();
  }
  if (auto target = tierdesk::cli::ParseGatewayServer(input)) {
    if (target->host.empty() || target->port.empty()) __builtin_trap();
  }
  return 0;
}
