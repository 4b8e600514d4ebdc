#include "http/api/routes.h"

namespace tierdesk::http {

std::vector<std::string> PathSegments(std::string_view path) {
  std::vector<std::string> segments;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    if (next > pos) segments.emplace_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return segments;
}

namespace {

bool IsParameter(std::string_view part) {
  return part.size() > 2 && part.front() == '{' && part.back() == '}';
}

}  // namespace

bool PatternMatches(std::string_view pattern, const std::vector<std::string>& segments,
                    std::vector<std::string>* params) {
  const size_t params_before = params ? params->size() : 0;
  auto no = [&] {
    if (params) params->resize(params_before);
    return false;
  };
  size_t i = 0;
  // Walks the pattern's segments without copying them: this runs for every entry per request.
  for (std::string_view rest = pattern; !rest.empty();) {
    const size_t slash = rest.find('/');
    const std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty()) continue;
    if (i == segments.size() || (!IsParameter(part) && part != segments[i])) return no();
    if (IsParameter(part) && params) params->push_back(segments[i]);
    ++i;
  }
  return i == segments.size() ? true : no();
}

RouteMatch MatchRoute(std::span<const RouteInfo> routes, std::string_view method,
                      const std::vector<std::string>& segments) {
  RouteMatch match;
  for (size_t i = 0; i < routes.size(); ++i) {
    if (!PatternMatches(routes[i].pattern, segments)) continue;
    if (routes[i].method == method) {
      match.index = int(i);
      PatternMatches(routes[i].pattern, segments, &match.params);
      return match;
    }
    if (match.path_index < 0) match.path_index = int(i);
    if (match.allowed.find(routes[i].method) == std::string::npos)
      match.allowed += (match.allowed.empty() ? "" : ", ") + std::string(routes[i].method);
  }
  return match;
}

}  // namespace tierdesk::http
