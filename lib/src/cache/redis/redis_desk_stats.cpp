#include "regal/cache/redis/redis_desk_stats.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "regal/cache/redis/redis_client.hpp"
#include "regal/core/error.hpp"

namespace regal::redis {
namespace {

constexpr const char* kGenerationKey = "regal:desk_stats:gen";

std::string entry_key(const std::string& generation, const std::string& scope) {
  return "regal:desk_stats:" + generation + ":" + scope;
}

Poco::JSON::Object::Ptr counts(const std::map<std::string, std::int64_t>& m) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
  for (const auto& [k, v] : m) o->set(k, Poco::Int64(v));
  return o;
}

std::map<std::string, std::int64_t> counts_from(const Poco::JSON::Object::Ptr& o) {
  std::map<std::string, std::int64_t> m;
  for (const auto& [k, v] : *o) m[k] = v.convert<Poco::Int64>();
  return m;
}

}  // namespace

std::string stats_to_json(const desk::TicketStats& stats) {
  Poco::JSON::Object root;
  root.set("computed_at_ms", Poco::Int64(stats.computed_at_ms));
  Poco::JSON::Array::Ptr groups = new Poco::JSON::Array;
  for (const auto& g : stats.groups) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("department_id", g.department_id);
    o->set("team_id", g.team_id ? Poco::Dynamic::Var(*g.team_id) : Poco::Dynamic::Var());
    o->set("by_status", counts(g.by_status));
    o->set("by_priority", counts(g.by_priority));
    o->set("total", Poco::Int64(g.total));
    groups->add(o);
  }
  root.set("groups", groups);
  std::ostringstream out;
  root.stringify(out);
  return out.str();
}

std::optional<desk::TicketStats> stats_from_json(const std::string& text) {
  try {
    const auto root = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    desk::TicketStats stats;
    stats.computed_at_ms = root->getValue<Poco::Int64>("computed_at_ms");
    const auto groups = root->getArray("groups");
    for (unsigned i = 0; groups && i < groups->size(); ++i) {
      const auto o = groups->getObject(i);
      desk::StatsGroup g;
      g.department_id = o->getValue<std::string>("department_id");
      if (!o->isNull("team_id")) g.team_id = o->getValue<std::string>("team_id");
      g.by_status = counts_from(o->getObject("by_status"));
      g.by_priority = counts_from(o->getObject("by_priority"));
      g.total = o->getValue<Poco::Int64>("total");
      stats.groups.push_back(std::move(g));
    }
    return stats;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::optional<desk::TicketStats> RedisDeskStatsCache::get(const std::string& scope,
                                                          std::string& generation) {
  generation.clear();
  try {
    const Reply gen = redis_.command({"GET", kGenerationKey});
    if (gen.is_error()) return std::nullopt;
    generation = gen.is_nil() ? "0" : gen.text;
    const Reply hit = redis_.command({"GET", entry_key(generation, scope)});
    if (hit.is_error() || hit.is_nil()) return std::nullopt;
    return stats_from_json(hit.text);
  } catch (const Error&) {
    return std::nullopt;  // Redis down: compute from PostgreSQL
  }
}

void RedisDeskStatsCache::put(const std::string& scope, const std::string& generation,
                              const desk::TicketStats& stats) {
  if (generation.empty()) return;  // the generation could not be read: do not cache
  try {
    redis_.command({"SET", entry_key(generation, scope), stats_to_json(stats), "EX",
                    std::to_string(ttl_s_)});
  } catch (const Error&) {
  }
}

void RedisDeskStatsCache::invalidate() {
  try {
    redis_.command({"INCR", kGenerationKey});
  } catch (const Error&) {
    // Entries expire after the TTL; until then a Redis that is down serves nothing anyway.
  }
}

}  // namespace regal::redis
