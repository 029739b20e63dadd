#pragma once
// The open shift a till document (sale, refund, cash movement, custom-order deposit) is written
// into. lock_open_shift() takes the shift row FOR SHARE for the rest of the transaction, so the
// shift cannot be closed under a document being written (close takes the row's exclusive lock
// and then reads totals that include every document committed into the shift).

#include <Poco/Data/Session.h>

#include <string>

#include "regal/pos/shift.hpp"

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

// The shift's running totals (with its opening float); `lock` takes the totals row FOR UPDATE,
// which serialises the drawer checks of concurrent movements.
pos::ShiftTotals read_shift_totals(Poco::Data::Session& session, const std::string& shift_id,
                                   bool lock);

// The one way a cash movement is written, by the shift and the expense stores alike, inside a
// transaction that holds the open shift (lock_open_shift): locks the totals, applies
// pos::check_drawer_can_pay (409 INSUFFICIENT_CASH), inserts the movement (409 ALREADY_REVERSED
// when its reversal was made by a concurrent request) and adds it to the totals.
void write_cash_movement(Poco::Data::Session& session, const pos::CashMovement& movement,
                         const std::string& request_hash);

}  // namespace regal::pg
