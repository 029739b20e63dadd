#pragma once
// The one JSON form of shifts, cash movements and X/Z reports: the API answers it and a Z
// report is stored in it (z_reports.body), so what was shown at close is what is read back.
// Amounts are integer minor units; times RFC 3339 UTC with milliseconds.

#include <string>

#include "regal/pos/shift.hpp"

namespace regal::pos {

std::string shift_to_json(const Shift& shift);
std::string cash_movement_to_json(const CashMovement& movement);
// `blind` adds "blind": true (an open shift's X report for its cashier: expected hidden).
std::string shift_report_to_json(const ShiftReport& report, bool blind = false);
// Reads a stored report back (throws regal::Error INTERNAL on a malformed body).
ShiftReport shift_report_from_json(const std::string& json);

}  // namespace regal::pos
