#pragma once
// Row-level helpers shared by the stock and expense adapters, all run inside the caller's
// transaction: Idempotency-Key claims, per-branch document numbers, live-reference lookups, and
// the two ways stock changes (always together with its stock movement).
//
// Lock order: callers change stock rows in ascending (product id, branch id) order — the order
// sales use within a branch — so documents and sales never wait on each other in a cycle.

#include <Poco/Data/Session.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "regal/ports/stock_ports.hpp"

namespace regal::pg {

// Records `key` → `document_id` for the scope; false when the key is taken (a twin request
// committed first, or is committing: the insert waits for it). An empty key claims nothing.
bool claim_idempotency_key(Poco::Data::Session& session, const std::string& scope,
                           const std::string& key, const std::string& request_hash,
                           const std::string& document_id);
std::optional<ports::StoredReplay> find_idempotency_key(Poco::Data::Session& session,
                                                        const std::string& scope,
                                                        const std::string& key);

// The next gap-free number of the branch's series `kind` (row-locked until commit).
std::int64_t take_branch_number(Poco::Data::Session& session, const std::string& branch_id,
                                const std::string& kind);

struct LiveBranch {
  std::string code;
  bool allow_negative_stock = false;
};
std::optional<LiveBranch> live_branch(Poco::Data::Session& session, const std::string& id);

struct LiveProduct {
  std::string sku;
  std::string name;
  std::int64_t cost_price = 0;
};
// Live (not deleted) products among `ids`, by id.
std::map<std::string, LiveProduct> live_products(Poco::Data::Session& session,
                                                 const std::vector<std::string>& ids);

// Adds `delta` (may be negative) to the stock row, creating it when missing; the quantity after.
std::int64_t add_stock(Poco::Data::Session& session, const std::string& product_id,
                       const std::string& branch_id, std::int64_t delta);
// Takes `qty` > 0 out; when negative stock is blocked and fewer are on hand, throws 409
// INSUFFICIENT_STOCK naming `field` and what is available. The quantity after.
std::int64_t take_stock(Poco::Data::Session& session, const std::string& product_id,
                        const std::string& branch_id, std::int64_t qty, bool allow_negative,
                        const std::string& field, const std::string& label);
// The quantity on hand (0 when the branch never held the product).
std::int64_t stock_on_hand(Poco::Data::Session& session, const std::string& product_id,
                           const std::string& branch_id);

struct MovementRow {
  std::string product_id;
  std::string branch_id;
  std::int64_t delta = 0;
  std::int64_t qty_after = 0;
  std::string kind;
  std::string ref_type;
  std::string ref_id;
  std::string actor_id;
};
void insert_movement(Poco::Data::Session& session, const MovementRow& row);

}  // namespace regal::pg
