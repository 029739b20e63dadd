#include "web/router.hpp"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <stdexcept>

namespace regal::web {
namespace {

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Specificity rank: literal segments earlier in the path rank higher.
std::vector<bool> literal_mask(const std::vector<std::string>& segments) {
  std::vector<bool> mask;
  mask.reserve(segments.size());
  for (const auto& s : segments) mask.push_back(!is_param(s));
  return mask;
}

}  // namespace

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    const auto end = std::min(path.find('/', pos), path.size());
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

void Router::add(Route route) {
  if (route.pattern.empty() || route.pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
  }
  Compiled compiled;
  for (const auto segment : split_path(route.pattern)) {
    if (segment.find_first_of("{}") != std::string_view::npos && !is_param(segment)) {
      throw std::invalid_argument("malformed route segment in " + route.pattern);
    }
    compiled.segments.emplace_back(segment);
  }
  const auto same_shape = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t s = 0; s < a.size(); ++s) {
      if (is_param(a[s]) != is_param(b[s]) || (!is_param(a[s]) && a[s] != b[s])) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method == route.method && same_shape(compiled_[i].segments, compiled.segments)) {
      throw std::invalid_argument("duplicate route " + route.method + " " + route.pattern);
    }
  }
  routes_.push_back(std::move(route));
  compiled_.push_back(std::move(compiled));
}

RouteMatch Router::match(std::string_view method, std::string_view path,
                         std::map<std::string, std::string>& params) const {
  const auto parts = split_path(path);
  RouteMatch result;
  std::vector<bool> best_rank;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& segments = compiled_[i].segments;
    if (segments.size() != parts.size()) continue;
    bool ok = true;
    for (std::size_t s = 0; s < segments.size() && ok; ++s) {
      ok = is_param(segments[s]) || segments[s] == parts[s];
    }
    if (!ok) continue;
    const auto rank = literal_mask(segments);
    if (routes_[i].method != method) {
      if (std::find(result.allow.begin(), result.allow.end(), routes_[i].method) ==
          result.allow.end()) {
        result.allow.push_back(routes_[i].method);
      }
      continue;
    }
    if (result.route == nullptr || rank > best_rank) {
      result.route = &routes_[i];
      best_rank = rank;
    }
  }
  if (result.route != nullptr) {
    result.outcome = RouteMatch::Outcome::kFound;
    const auto& segments =
        compiled_[static_cast<std::size_t>(result.route - routes_.data())].segments;
    for (std::size_t s = 0; s < segments.size(); ++s) {
      if (!is_param(segments[s])) continue;
      std::string decoded;
      try {
        Poco::URI::decode(std::string(parts[s]), decoded);
      } catch (const Poco::Exception&) {  // a malformed escape ("%zz", a lone "%")
        params.clear();
        return RouteMatch{};
      }
      params[segments[s].substr(1, segments[s].size() - 2)] = std::move(decoded);
    }
  } else if (!result.allow.empty()) {
    result.outcome = RouteMatch::Outcome::kMethodNotAllowed;
    std::sort(result.allow.begin(), result.allow.end());
  }
  return result;
}

}  // namespace regal::web
