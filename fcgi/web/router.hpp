#pragma once
// Router: method + path pattern → route. Patterns are literal segments and `{name}`
// parameters ("/api/v1/products/{id}"). When several routes match, the one with a literal
// segment earliest wins ("/tickets/stats" beats "/tickets/{id}"). Every route names the
// permission it needs, so the route table is the security review (DESIGN §6).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "regal/auth/permissions.hpp"
#include "web/http.hpp"

namespace regal::web {

// What a route accepts as a request body.
enum class BodyFormat { kNone, kJson, kJsonOrForm, kJsonOrCsv };

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  auth::Permission permission;  // checked by App before the handler runs
  BodyFormat body = BodyFormat::kNone;
  Handler handler;
  std::size_t max_body_bytes = 0;  // 0 = the responder's limit; bulk routes raise it
};

struct RouteMatch {
  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
  Outcome outcome = Outcome::kNotFound;
  const Route* route = nullptr;
  std::vector<std::string> allow;  // methods allowed on the path, for 405
};

class Router {
 public:
  // Throws std::invalid_argument on a malformed pattern or a duplicate method + pattern.
  void add(Route route);

  // On kFound fills `params` with the decoded path parameters.
  RouteMatch match(std::string_view method, std::string_view path,
                   std::map<std::string, std::string>& params) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{name}" marks a parameter
  };
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

// Splits "/a/b/c" into {"a","b","c"}; a trailing slash is ignored; "" or "/" gives {}.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace regal::web
