#pragma once
// Reading stock documents on a given session (the writing transaction returns what it stored
// through the same functions the reads use, so both answer the same shape).

#include <Poco/Data/Session.h>

#include <optional>
#include <string>

#include "regal/pos/stock_ops.hpp"

namespace regal::pg {

std::optional<pos::Purchase> select_purchase(Poco::Data::Session& session, const std::string& id);
std::optional<pos::VendorPayment> select_vendor_payment(Poco::Data::Session& session,
                                                        const std::string& id);
std::optional<pos::Adjustment> select_adjustment(Poco::Data::Session& session,
                                                 const std::string& id);
std::optional<pos::Transfer> select_transfer(Poco::Data::Session& session, const std::string& id);

}  // namespace regal::pg
