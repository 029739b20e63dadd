#pragma once
// StockService — receiving, vendor payments, adjustments, transfers, the stock report and the
// ledger (docs/STOCK.md). Checks the request's shape and the caller's rights, then hands one
// document to the store, which writes it in one transaction. Writes take an Idempotency-Key: a
// retry with the same key and body gets the original document back (replayed = true), the same
// key with another body is 422 IDEMPOTENCY_KEY_REUSED.
//
// Rights (also enforced by the route table): stock.write for purchases, adjustments, transfers
// and reorder levels; vendors.write for vendor payments; stock.read for the reads.

#include <cstdint>
#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/stock_ops.hpp"

namespace regal {
class Clock;
}
namespace regal::ports {
class StockStore;
}

namespace regal::pos {

template <class T>
struct Stored {
  T document;
  bool replayed = false;  // an earlier identical request created it
};

class StockService {
 public:
  StockService(ports::StockStore& store, const Clock& clock);

  Stored<Purchase> receive(const auth::Actor& actor, const PurchaseRequest& request,
                           const std::string& idempotency_key);
  Stored<VendorPayment> pay_vendor(const auth::Actor& actor, const VendorPaymentRequest& request,
                                   const std::string& idempotency_key);
  Stored<Adjustment> adjust(const auth::Actor& actor, const AdjustmentRequest& request,
                            const std::string& idempotency_key);
  Stored<Transfer> transfer(const auth::Actor& actor, const TransferRequest& request,
                            const std::string& idempotency_key);

  Purchase purchase(const std::string& id);  // 404 NOT_FOUND
  Adjustment adjustment(const std::string& id);
  Transfer transfer(const std::string& id);
  std::vector<Purchase> purchases(const StockDocumentQuery& query);
  std::vector<Adjustment> adjustments(const StockDocumentQuery& query);
  std::vector<Transfer> transfers(const StockDocumentQuery& query);

  std::vector<StockRow> stock(const StockQuery& query);
  StockRow stock_row(const std::string& branch_id, const std::string& product_id);  // 404
  StockRow set_reorder_level(const auth::Actor& actor, const std::string& branch_id,
                             const std::string& product_id, std::int64_t level);
  std::vector<StockMovement> movements(const MovementQuery& query);

 private:
  ports::StockStore& store_;
  const Clock& clock_;
};

// Throws 400 INVALID_IDEMPOTENCY_KEY unless `key` is empty or 1–200 printable characters.
void check_idempotency_key(const std::string& key);

}  // namespace regal::pos
