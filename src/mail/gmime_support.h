#pragma once

// GMime's one-time setup and ownership of its objects, shared by the mail builder and parser.

#include <gmime/gmime.h>

#include <memory>
#include <mutex>

namespace tierdesk::mail {

inline void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

template <class T>
struct GObjectDeleter {
  void operator()(T* p) const { g_object_unref(p); }
};

template <class T>
using GObjectPtr = std::unique_ptr<T, GObjectDeleter<T>>;

}  // namespace tierdesk::mail
