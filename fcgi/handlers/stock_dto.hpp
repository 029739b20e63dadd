#pragma once
// JSON shapes of the stock and expense APIs (docs/STOCK.md, docs/openapi.yaml) and the request
// readers both route files share: nested arrays of objects, list filters (ids, dates, booleans)
// and the answer to an idempotent create.

#include <Poco/JSON/Object.h>

#include <functional>
#include <string>
#include <vector>

#include "regal/core/error.hpp"
#include "regal/pos/expenses.hpp"
#include "regal/pos/stock_ops.hpp"
#include "web/http.hpp"
#include "web/json_fields.hpp"
#include "web/request_params.hpp"

namespace regal::handlers::stock_json {

// --- reading requests --------------------------------------------------------------------------

// Each object of the array member `name` through `read(object, "name[i]")`; a missing member
// is `required` when asked, a non-array or non-object item a field error.
void read_objects(
    const Poco::JSON::Object& body, const std::string& name, bool required,
    std::vector<FieldError>& errors,
    const std::function<void(const Poco::JSON::Object::Ptr&, const std::string&)>& read);
using web::collect;                     // web/json_fields.hpp
inline constexpr auto finish = web::prepend_errors;  // the top-level object's errors first
// A whole number of any int64 value (ranges are the library's rules), or nullopt; `required`
// adds a field error when absent.
std::optional<std::int64_t> integer(web::JsonFields& fields, const std::string& name,
                                    bool required);

// ?name=<uuid>, ?name=YYYY-MM-DD (a real date), ?name=true|false.
void id_filter(const web::Request& req, const std::string& name, std::string& target,
               std::vector<FieldError>& errors);
void date_filter(const web::Request& req, const std::string& name, std::string& target,
                 std::vector<FieldError>& errors);
std::optional<bool> bool_filter(const web::Request& req, const std::string& name,
                                std::vector<FieldError>& errors);
using web::uuid_cursor;  // web/request_params.hpp

// 201 with Location, or 200 with Idempotent-Replayed: true for a replay.
web::Response created(const Poco::JSON::Object::Ptr& data, bool replayed,
                      const std::string& location);

// --- documents ---------------------------------------------------------------------------------

Poco::JSON::Object::Ptr purchase_dto(const pos::Purchase& p);
Poco::JSON::Object::Ptr vendor_payment_dto(const pos::VendorPayment& p);
Poco::JSON::Object::Ptr adjustment_dto(const pos::Adjustment& a);
Poco::JSON::Object::Ptr transfer_dto(const pos::Transfer& t);
Poco::JSON::Object::Ptr stock_row_dto(const pos::StockRow& r);
Poco::JSON::Object::Ptr movement_dto(const pos::StockMovement& m);
Poco::JSON::Object::Ptr expense_category_dto(const pos::ExpenseCategory& c);
Poco::JSON::Object::Ptr expense_dto(const pos::Expense& e);

}  // namespace regal::handlers::stock_json
