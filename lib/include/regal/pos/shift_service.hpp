#pragma once
// ShiftService — opens and closes shifts, records cash movements and builds X/Z reports.
// Scope: a caller without shifts.manage (everyone but an admin) sees and works only with the
// shifts they opened; other shifts answer 404 as if absent. X reports are blind for them: the
// expected figures stay hidden until the shift is closed, so a count is never steered by them.

#include <string>
#include <vector>

#include "regal/auth/user.hpp"
#include "regal/pos/shift.hpp"

namespace regal {
class Clock;
}
namespace regal::auth {
class ApprovalService;
}
namespace regal::ports {
class ShiftStore;
}

namespace regal::pos {

struct ShiftConfig {
  // {branch} and {register} codes, {seq} the register's Z number (six digits or more).
  std::string z_number_format = "{branch}-{register}-Z{seq}";
};

class ShiftService {
 public:
  ShiftService(ports::ShiftStore& store, const Clock& clock, auth::ApprovalService* approvals,
               ShiftConfig config = {});

  struct Opened {
    Shift shift;
    bool replayed = false;
  };
  Opened open(const auth::Actor& actor, const OpenShiftRequest& request,
              const std::string& idempotency_key);
  Shift get(const auth::Actor& actor, const std::string& id);
  std::vector<Shift> list(const auth::Actor& actor, ShiftQuery query);

  struct Moved {
    CashMovement movement;
    bool replayed = false;
  };
  Moved add_movement(const auth::Actor& actor, const std::string& shift_id,
                     const CashMovementRequest& request, const std::string& idempotency_key);
  std::vector<CashMovement> movements(const auth::Actor& actor, const std::string& shift_id);

  // X report: any time; blind (expected figures zeroed, `blind` true) for callers who may not
  // manage shifts while the shift is open. A closed shift answers its Z report.
  struct XReport {
    ShiftReport report;
    bool blind = false;
  };
  XReport x_report(const auth::Actor& actor, const std::string& shift_id);

  // Close with the counted tenders (cash required). Closing a closed shift again is a recount:
  // it needs an approval token (action "shift.recount") and is appended to the Z report.
  ShiftReport close(const auth::Actor& actor, const std::string& shift_id,
                    const std::vector<CountedTender>& counted, const std::string& approval_token,
                    const std::string& reason);

  ShiftReport z_report(const auth::Actor& actor, const std::string& id);
  std::vector<ShiftReport> z_reports(const auth::Actor& actor, ZReportQuery query);

 private:
  bool manages(const auth::Actor& actor) const;
  std::string owner_scope(const auth::Actor& actor) const;  // "" for managers

  ports::ShiftStore& store_;
  const Clock& clock_;
  auth::ApprovalService* approvals_;
  ShiftConfig config_;
};

}  // namespace regal::pos
