#include "regal/desk/ticket.hpp"

namespace regal::desk {
namespace {

constexpr std::string_view kStatusNames[] = {"OPEN",     "IN_PROGRESS", "PENDING_USER",
                                             "RESOLVED", "CLOSED",      "CANCELLED"};
constexpr std::string_view kPriorityNames[] = {"LOW", "MEDIUM", "HIGH", "URGENT"};

}  // namespace

std::string_view to_string(Status s) { return kStatusNames[static_cast<int>(s)]; }
std::string_view to_string(Priority p) { return kPriorityNames[static_cast<int>(p)]; }
std::string_view to_string(Visibility v) {
  return v == Visibility::kPublic ? "public" : "internal";
}

std::optional<Status> parse_status(std::string_view text) {
  for (const Status s : kAllStatuses) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::optional<Priority> parse_priority(std::string_view text) {
  for (const Priority p : kAllPriorities) {
    if (to_string(p) == text) return p;
  }
  return std::nullopt;
}

std::optional<Visibility> parse_visibility(std::string_view text) {
  if (text == "public") return Visibility::kPublic;
  if (text == "internal") return Visibility::kInternal;
  return std::nullopt;
}

int rank(Priority p) { return static_cast<int>(p) + 1; }

}  // namespace regal::desk
