#pragma once
// SaleService — turns a till's request into a stored invoice: checks the place, the products
// and the caller's rights (price override, quick sell), computes the figures with
// sale_calculator, and hands everything to the store, which takes the number, the stock and the
// customer's credit in one transaction. Retries with the same Idempotency-Key or client id get
// the original sale back; the same key with another request is refused (422).

#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/pdf.hpp"
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
  PdfOptions receipt_pdf;  // the font of PDF receipts
};

// A receipt as 42-column text (format_receipt_text) or an 80 mm PDF (receipt_pdf).
enum class ReceiptFormat { kText, kPdf };

struct PrintedReceipt {
  std::string number;   // the sale's number, to name the file by
  std::string content;  // UTF-8 text, or the PDF's bytes
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
  PrintedReceipt receipt(const std::string& id, ReceiptFormat format = ReceiptFormat::kText);
  PrintedReceipt reprint(const auth::Actor& actor, const std::string& id,
                         ReceiptFormat format = ReceiptFormat::kText);
  std::vector<Sale> list(const SaleQuery& query);
  // An admin voids a sale of an open shift: status void, stock put back, number kept, audited.
  Sale void_sale(const auth::Actor& actor, const std::string& id, const std::string& reason);

 private:
  Sale build(const auth::Actor& actor, const SaleRequest& request, bool needs_shift,
             bool& allow_negative_stock);
  std::optional<Outcome> replay(const auth::Actor& actor, const SaleRequest& request,
                                const std::string& key, const std::string& hash);

  ports::SalesStore& store_;
  const Clock& clock_;
  SaleConfig config_;
};

// SHA-256 of a canonical text form of the request (field order fixed), for idempotency.
std::string sale_request_hash(const SaleRequest& request);

}  // namespace regal::pos
