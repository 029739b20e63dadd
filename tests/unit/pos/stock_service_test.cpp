// StockService without a database: rights, shape checks before the store is touched, and the
// idempotent write (replay, another body, a concurrent twin), against an in-memory store.
#include "regal/pos/stock_service.hpp"

#include <boost/test/unit_test.hpp>
#include <map>

#include "regal/core/clock.hpp"
#include "regal/core/error.hpp"
#include "regal/ports/stock_ports.hpp"
#include "support/error_code.hpp"

using namespace regal::pos;
using regal::test::code_of;

namespace {

const std::string kBranch = "0190a1b2-0000-7000-8000-000000000001";
const std::string kOther = "0190a1b2-0000-7000-8000-000000000002";
const std::string kProduct = "0190a1b2-0000-7000-8000-0000000000a1";

class FixedClock final : public regal::Clock {
 public:
  std::int64_t now_ms() const override { return 1'760'000'000'000; }
};

// Keeps transfers and keys in memory; `twin_wins` makes the next write lose its key to a twin
// that committed first (as the PostgreSQL adapter answers when its key insert conflicts).
class MemoryStore : public regal::ports::StockStore {
 public:
  std::map<std::string, regal::ports::StoredReplay> keys;
  std::map<std::string, Transfer> transfers;
  int writes = 0;
  bool twin_wins = false;

  std::optional<regal::ports::StoredReplay> replay(const std::string& scope,
                                                   const std::string& key) override {
    const auto it = keys.find(scope + "/" + key);
    if (it == keys.end()) return std::nullopt;
    return it->second;
  }
  std::optional<Transfer> record_transfer(const Transfer& draft,
                                          const regal::ports::WriteContext& ctx) override {
    ++writes;
    const std::string k = ctx.idempotency_scope + "/" + ctx.idempotency_key;
    if (twin_wins) {
      Transfer twin = draft;
      twin.id = "twin";
      transfers[twin.id] = twin;
      keys[k] = {twin.id, draft.request_hash};
      return std::nullopt;
    }
    if (!ctx.idempotency_key.empty()) keys[k] = {draft.id, draft.request_hash};
    transfers[draft.id] = draft;
    return draft;
  }
  std::optional<Transfer> find_transfer(const std::string& id) override {
    const auto it = transfers.find(id);
    if (it == transfers.end()) return std::nullopt;
    return it->second;
  }

  // Not used by these cases.
  std::optional<Purchase> record_purchase(const Purchase&,
                                          const regal::ports::WriteContext&) override {
    ++writes;
    return std::nullopt;
  }
  std::optional<VendorPayment> record_vendor_payment(const VendorPayment&,
                                                     const regal::ports::WriteContext&) override {
    ++writes;
    return std::nullopt;
  }
  std::optional<Adjustment> record_adjustment(const Adjustment&,
                                              const regal::ports::WriteContext&) override {
    ++writes;
    return std::nullopt;
  }
  std::optional<Purchase> find_purchase(const std::string&) override { return std::nullopt; }
  std::optional<VendorPayment> find_vendor_payment(const std::string&) override {
    return std::nullopt;
  }
  std::optional<Adjustment> find_adjustment(const std::string&) override { return std::nullopt; }
  std::vector<Purchase> list_purchases(const StockDocumentQuery&) override { return {}; }
  std::vector<Adjustment> list_adjustments(const StockDocumentQuery&) override { return {}; }
  std::vector<Transfer> list_transfers(const StockDocumentQuery&) override { return {}; }
  std::vector<StockRow> stock(const StockQuery&) override { return {}; }
  std::optional<StockRow> stock_row(const std::string&, const std::string&) override {
    return std::nullopt;
  }
  std::optional<StockRow> set_reorder_level(const std::string&, const std::string&, std::int64_t,
                                            const regal::auth::AuditEntry&) override {
    ++writes;
    return std::nullopt;
  }
  std::vector<StockMovement> movements(const MovementQuery&) override { return {}; }
};

regal::auth::Actor as(regal::auth::PosRole role) {
  regal::auth::Actor a;
  // One account per role, so their Idempotency-Key scopes differ.
  a.principal = regal::auth::Principal{"user-" + std::string(regal::auth::to_string(role)), role,
                                       regal::auth::DeskRole::kEndUser};
  return a;
}

TransferRequest transfer_of(std::int64_t qty) { return {kBranch, kOther, "", {{kProduct, qty}}}; }

struct Fixture {
  MemoryStore store;
  FixedClock clock;
  StockService service{store, clock};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(stock_service, Fixture)

BOOST_AUTO_TEST_CASE(cashiers_and_desk_accounts_may_not_move_stock) {
  BOOST_TEST(code_of([&] {
               service.transfer(as(regal::auth::PosRole::kCashier), transfer_of(1), "");
             }) == "FORBIDDEN");
  regal::auth::Actor desk;
  desk.principal = regal::auth::Principal{"x", std::nullopt, regal::auth::DeskRole::kAdmin};
  BOOST_TEST(code_of([&] { service.transfer(desk, transfer_of(1), ""); }) == "FORBIDDEN");
  BOOST_TEST(code_of([&] {
               service.set_reorder_level(as(regal::auth::PosRole::kCashier), kBranch, kProduct, 1);
             }) == "FORBIDDEN");
  BOOST_TEST(store.writes == 0);
}

BOOST_AUTO_TEST_CASE(bad_requests_never_reach_the_store) {
  const auto employee = as(regal::auth::PosRole::kEmployee);
  BOOST_TEST(code_of([&] { service.transfer(employee, transfer_of(0), ""); }) ==
             "VALIDATION_FAILED");
  BOOST_TEST(code_of([&] { service.transfer(employee, transfer_of(1), std::string(201, 'k')); }) ==
             "INVALID_IDEMPOTENCY_KEY");
  AdjustmentRequest no_reason{kBranch, AdjustmentKind::kFound, "", {{kProduct, 1, {}, {}}}};
  BOOST_TEST(code_of([&] { service.adjust(employee, no_reason, ""); }) == "VALIDATION_FAILED");
  BOOST_TEST(code_of([&] { service.set_reorder_level(employee, kBranch, kProduct, -1); }) ==
             "VALIDATION_FAILED");
  BOOST_TEST(code_of([&] { service.set_reorder_level(employee, "x", kProduct, 1); }) ==
             "NOT_FOUND");
  BOOST_TEST(store.writes == 0);
}

BOOST_AUTO_TEST_CASE(the_same_key_and_body_replays_and_another_body_is_refused) {
  const auto employee = as(regal::auth::PosRole::kEmployee);
  const auto first = service.transfer(employee, transfer_of(2), "k1");
  BOOST_TEST(!first.replayed);
  const auto again = service.transfer(employee, transfer_of(2), "k1");
  BOOST_TEST(again.replayed);
  BOOST_TEST(again.document.id == first.document.id);
  BOOST_TEST(store.writes == 1);
  BOOST_TEST(code_of([&] { service.transfer(employee, transfer_of(3), "k1"); }) ==
             "IDEMPOTENCY_KEY_REUSED");
  // Keys are per caller.
  BOOST_TEST(!service.transfer(as(regal::auth::PosRole::kAdmin), transfer_of(3), "k1").replayed);
  // Without a key every request is new.
  service.transfer(employee, transfer_of(2), "");
  service.transfer(employee, transfer_of(2), "");
  BOOST_TEST(store.writes == 4);
}

BOOST_AUTO_TEST_CASE(a_twin_that_committed_first_is_replayed) {
  store.twin_wins = true;
  const auto done = service.transfer(as(regal::auth::PosRole::kAdmin), transfer_of(2), "same-key");
  BOOST_TEST(done.replayed);
  BOOST_TEST(done.document.id == "twin");
  // A lost write without a key (cannot happen with PostgreSQL) is a conflict, not a crash.
  BOOST_TEST(code_of([&] {
               service.transfer(as(regal::auth::PosRole::kAdmin), transfer_of(2), "");
             }) == "DOCUMENT_CONFLICT");
}

BOOST_AUTO_TEST_CASE(documents_get_lines_numbered_and_their_deltas_computed) {
  AdjustmentRequest count{kBranch, AdjustmentKind::kCount, "Count", {}};
  count.lines.push_back({kProduct, 0, 7, 10});
  Adjustment seen;
  struct Capture final : MemoryStore {
    Adjustment* out = nullptr;
    std::optional<Adjustment> record_adjustment(const Adjustment& a,
                                                const regal::ports::WriteContext&) override {
      *out = a;
      return a;
    }
  } capture;
  capture.out = &seen;
  StockService with_capture(capture, clock);
  with_capture.adjust(as(regal::auth::PosRole::kAdmin), count, "");
  BOOST_REQUIRE_EQUAL(seen.lines.size(), 1u);
  BOOST_TEST(seen.lines[0].line_no == 1);
  BOOST_TEST(seen.lines[0].delta == -3);
  BOOST_TEST(*seen.lines[0].expected == 10);
  BOOST_TEST(!seen.id.empty());
  BOOST_TEST(!seen.request_hash.empty());
}

BOOST_AUTO_TEST_SUITE_END()
