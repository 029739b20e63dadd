#pragma once
// The SQL steps of regalctl seed-demo --history and --tickets (see seed_demo.hpp for what they
// promise). Each step is run in the seeding transaction, after seed_demo.cpp's pg_temp helpers.

#include <cstdint>
#include <string>
#include <vector>

namespace regal::tools {

struct SeedStep {
  std::string what;
  std::string sql;
};

struct HistoryOptions {
  int days = 730;
  std::int64_t sales_per_day = 2740;  // over all demo tills together
  std::string first_names;            // SQL text[] literals of the word lists
  std::string last_names;
};

std::vector<SeedStep> history_steps(const HistoryOptions& options);

struct TicketOptions {
  std::int64_t tickets = 100000;
  std::string first_names;
  std::string last_names;
};

std::vector<SeedStep> ticket_steps(const TicketOptions& options);

}  // namespace regal::tools
