// End-to-end test of the export's memory: GET /products/export streams, so exporting 50,000
// products must not grow a responder's resident memory by anything near the size of the file.
// Rows are written straight into the database (the export is what is measured, not the import)
// and removed again at the end, with the change-feed entries they caused. Runs alone (SERIAL): other requests would move the peaks.
#include <Poco/Data/Session.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "e2e/catalog_support.hpp"

using namespace regal::test::catalog;
using namespace Poco::Data::Keywords;

BOOST_AUTO_TEST_SUITE(catalog_export_memory)

namespace {

constexpr int kProducts = 50'000;

// pid of every responder of this stack ($REGAL_VAR/run/fcgi-N.pid).
std::vector<int> responder_pids() {
  const char* var = std::getenv("REGAL_VAR");
  BOOST_TEST_REQUIRE(var != nullptr, "run through ./scripts/test");
  std::vector<int> pids;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(var) + "/run")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("fcgi-", 0) != 0 || entry.path().extension() != ".pid") continue;
    std::ifstream in(entry.path());
    int pid = 0;
    if (in >> pid && pid > 0) pids.push_back(pid);
  }
  BOOST_TEST_REQUIRE(!pids.empty(), "no responder pid files");
  return pids;
}

// A /proc/<pid>/status figure in KiB ("VmRSS", "VmHWM").
long status_kib(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  }
  BOOST_FAIL("no " + key + " for pid " + std::to_string(pid));
  return 0;
}

// Resets the peak (VmHWM) to the current RSS (proc(5): clear_refs "5").
void reset_peak(int pid) {
  std::ofstream out("/proc/" + std::to_string(pid) + "/clear_refs");
  out << "5";
  out.flush();
  BOOST_TEST_REQUIRE(out.good(), "cannot reset the peak RSS of " << pid);
}

void seed(const std::string& prefix) {
  database().transact([&](regal::pg::Transaction& tx) {
    std::string p = prefix;
    int n = kProducts;
    // ~500 bytes of CSV a row: the file is ~25 MB, far above what a page of rows takes.
    tx.session() << "INSERT INTO products (id, sku, name, description, unit_price, cost_price)"
                    " SELECT gen_random_uuid(), $1 || lpad(g::text, 6, '0'), 'Memory test product ' || g,"
                    " repeat('Long description, \"quoted\" and long. ', 11) || g,"
                    " 100 + g, 50 + g FROM generate_series(1, $2) g",
        use(p), use(n), now;
  });
}

// Removes the seeded rows and the change-feed rows their insert wrote, as the schema owner
// (REGAL_MIGRATE_URL), even when the case fails half-way: 50,000 leftover feed entries would make
// every later "drain the feed from the start" (catalog_feed_test's feed_tail) page through them.
struct Cleanup {
  std::string prefix;
  ~Cleanup() {
    try {
      const char* url = std::getenv("REGAL_MIGRATE_URL");
      if (url == nullptr) return;
      regal::pg::Database owner({.url = url, .max_sessions = 1});
      owner.transact([&](regal::pg::Transaction& tx) {
        std::string pattern = prefix + "%";
        tx.session() << "DELETE FROM changes c USING products p WHERE c.entity = 'product'"
                        " AND c.entity_id = p.id AND p.sku LIKE $1",
            use(pattern), now;
        tx.session() << "DELETE FROM products WHERE sku LIKE $1", use(pattern), now;
      });
    } catch (const std::exception& e) {
      BOOST_TEST_MESSAGE("cleanup failed: " << e.what());
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(exporting_50k_products_does_not_grow_the_responder_by_the_file_size) {
  const std::string prefix = "MEM-" + fresh_tag() + "-";
  BOOST_TEST_REQUIRE(std::getenv("REGAL_MIGRATE_URL") != nullptr, "run through ./scripts/test");
  const Cleanup cleanup{prefix};
  seed(prefix);
  const auto pids = responder_pids();
  // Warm up both responders on the same path: pools, caches, first-use allocations, and under
  // AddressSanitizer its quarantine of freed blocks (32 MB, scripts/test), which fills once and
  // is then recycled. nginx alternates the responders, so each gets full exports.
  for (std::size_t i = 0; i < 2 * pids.size(); ++i) {
    BOOST_TEST_REQUIRE(get(admin(), "/products/export?q=" + enc(prefix)).status == 200);
  }
  std::map<int, long> before;
  for (const int pid : pids) {
    reset_peak(pid);
    before[pid] = status_kib(pid, "VmRSS");
  }
  const auto r = get(admin(), "/products/export?q=" + enc(prefix));
  BOOST_TEST_REQUIRE(r.status == 200, r.body.substr(0, 300));
  const auto rows = parse_csv(r.body);
  BOOST_TEST_REQUIRE(rows.size() == static_cast<std::size_t>(kProducts) + 1);
  BOOST_TEST(rows.back()[0] == prefix + "050000");

  long growth_kib = 0;  // the request went to one responder; sum them, the other stays flat
  for (const int pid : pids) {
    const long peak = status_kib(pid, "VmHWM");
    BOOST_TEST_MESSAGE("responder " << pid << ": RSS before " << before[pid] << " KiB, peak "
                                    << peak << " KiB");
    growth_kib += std::max(0L, peak - before[pid]);
  }
  const long file_kib = static_cast<long>(r.body.size() / 1024);
  BOOST_TEST_MESSAGE("export " << file_kib << " KiB, responders' peak growth " << growth_kib
                               << " KiB");
  BOOST_TEST(file_kib > 20 * 1024L, "the file is too small to tell: " << file_kib << " KiB");
  BOOST_TEST(growth_kib * 4 < file_kib,
             "peak RSS grew " << growth_kib << " KiB for a " << file_kib << " KiB export");
}

BOOST_AUTO_TEST_SUITE_END()
