#pragma once
// The open shift a till document (sale, refund, cash movement, custom-order deposit) is written
// into. lock_open_shift() takes the shift row FOR SHARE for the rest of the transaction, so the
// shift cannot be closed under a document being written (close takes the row's exclusive lock
// and then reads totals that include every document committed into the shift).

#include <Poco/Data/Session.h>

#include <string>

namespace regal::pg {

struct OpenShift {
  std::string id;
  std::string branch_id;
  std::string register_id;
  std::string cashier_id;
};

// Throws regal::Error 409 SHIFT_NOT_OPEN when the shift is unknown or closed, 409
// SHIFT_REGISTER_MISMATCH when `register_id` (if not empty) is not the shift's register, and
// 403 SHIFT_NOT_YOURS when `owner_id` (if not empty: a cashier's own shifts only) did not open it.
OpenShift lock_open_shift(Poco::Data::Session& session, const std::string& shift_id,
                          const std::string& register_id, const std::string& owner_id);

}  // namespace regal::pg
