#pragma once

// Waiting in integration tests: what another process brings about (a poll, a delivery, a
// server coming up) is polled for until it holds, never slept for. A deadline only bounds a
// failing test; a passing one waits exactly as long as it must, however busy the machine.

#include <chrono>
#include <thread>

namespace tierdesk::testing {

inline constexpr std::chrono::seconds kWaitDeadline{30};

// Polls `done` until it holds or `deadline` passes; whether it held.
template <class Done>
bool WaitUntil(Done&& done, std::chrono::milliseconds deadline = kWaitDeadline) {
  const auto give_up = std::chrono::steady_clock::now() + deadline;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= give_up) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace tierdesk::testing
