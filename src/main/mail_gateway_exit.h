#pragma once

// How a mail gateway tells an MTA's pipe transport what became of a message: sysexits(3)
// codes, from the server's HTTP status. Shared by `tierdesk mail-gateway` and the lighter
// `tierdesk-mail-gateway`.

namespace tierdesk::cli {

inline constexpr int kExTempFail = 75;  // try again later (the server is down or busy)
inline constexpr int kExDataErr = 65;   // the message itself can never be taken (too large)
inline constexpr int kExNoPerm = 77;    // the gateway's token is wrong
inline constexpr int kExConfig = 78;    // the gateway is set up wrong

// The exit code for the server's answer `status` (200: the server holds the message).
inline int GatewayExitFor(long status) {
  if (status == 200) return 0;
  if (status == 401 || status == 403) return kExNoPerm;
  if (status == 413 || status == 415 || status == 422) return kExDataErr;
  return kExTempFail;  // 429, 5xx: the server will take it later
}

}  // namespace tierdesk::cli
