#include "regal/pos/catalog_json.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace regal::pos {

Poco::Dynamic::Var to_json_value(const Value& value) {
  return std::visit(
      [](const auto& v) -> Poco::Dynamic::Var {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return Poco::Dynamic::Var();
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return Poco::Int64(v);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
          for (const auto& s : v) a->add(s);
          return a;
        } else if constexpr (std::is_same_v<T, Json>) {
          return Poco::JSON::Parser().parse(v.text);
        } else {
          return v;
        }
      },
      value);
}

}  // namespace regal::pos
