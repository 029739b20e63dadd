#pragma once
// SaleService — turns a till's request into a stored invoice: checks the place, the products
// and the caller's rights (price override, quick sell), computes the figures with
// sale_calculator, and hands everything to the store, which takes the number, the stock and the
// customer's credit in one transaction. Retries with the same Idempotency-Key or client id get
// the original sale back; the same key with another request is refused (422).

#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/sale.hpp"

namespace regal {
class Clock;
}
namespace regal::ports {
class SalesStore;
}

namespace regal::pos {

struct SaleConfig {
  // Placeholders: {branch} and {register} codes, {seq} the series number, six digits or more.
  std::string number_format = "{branch}-{register}-{seq}";
};

class SaleService {
 public:
  SaleService(ports::SalesStore& store, const Clock& clock, SaleConfig config = {});

  // The figures the sale would have (nothing stored, no stock checked). Same checks of the
  // request, products and rights as create().
  Sale preview(const auth::Actor& actor, const SaleRequest& request);

  struct Outcome {
    Sale sale;
    bool replayed = false;  // an earlier identical request created it
  };
  Outcome create(const auth::Actor& actor, const SaleRequest& request,
                 const std::string& idempotency_key);

  Sale get(const std::string& id);  // 404 NOT_FOUND
  // The receipt as stored; reprint() counts and audits a duplicate and returns it marked.
  std::string receipt_text(const std::string& id);
  std::string reprint(const auth::Actor& actor, const std::string& id);
  std::vector<Sale> list(const SaleQuery& query);

 private:
  Sale build(const auth::Actor& actor, const SaleRequest& request, bool& allow_negative_stock);
  std::optional<Outcome> replay(const auth::Actor& actor, const SaleRequest& request,
                                const std::string& key, const std::string& hash);

  ports::SalesStore& store_;
  const Clock& clock_;
  SaleConfig config_;
};

// SHA-256 of a canonical text form of the request (field order fixed), for idempotency.
std::string sale_request_hash(const SaleRequest& request);

}  // namespace regal::pos
