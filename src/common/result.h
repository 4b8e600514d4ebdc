#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace tierdesk {

enum class ErrorCode {
  kInvalidArgument,     // the input itself is wrong (a missing or malformed field)
  kNotFound,            // the thing named does not exist
  kAlreadyExists,       // creating something that is already there
  kFailedPrecondition,  // legal input, but not in the ticket's current state
  kPermissionDenied,    // the actor may not do this
  kUnavailable,         // a dependency is down; retrying may help
  kInternal,            // a bug or a corrupted store
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;  // the offending input field, when there is one

  std::string ToString() const;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message, std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}

inline Status Ok() { return {}; }

}  // namespace tierdesk
