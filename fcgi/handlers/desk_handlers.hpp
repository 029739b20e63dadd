#pragma once
// Help-desk routes (docs/DESK.md): /api/v1/departments, /teams, /staff and /tickets with its
// sub-resources, each with its permission in the route table; and the TicketEvents observer
// that counts status transitions in the responder's metrics.

#include "regal/ports/desk_ports.hpp"
#include "web/metrics.hpp"
#include "web/router.hpp"

namespace regal::desk {
class DirectoryService;
class TicketService;
}  // namespace regal::desk

namespace regal::handlers {

struct DeskServices {
  desk::DirectoryService& directory;
  desk::TicketService& tickets;
};

// Both add the routes of one resource family; add_desk_routes adds both.
void add_desk_directory_routes(web::Router& router, DeskServices services);
void add_desk_ticket_routes(web::Router& router, DeskServices services);
void add_desk_routes(web::Router& router, DeskServices services);

// regal_ticket_status_transitions_total{from,to}.
class MetricsTicketEvents final : public ports::TicketEvents {
 public:
  explicit MetricsTicketEvents(web::Metrics& metrics) : metrics_(metrics) {}
  void status_changed(desk::Status from, desk::Status to) override;

 private:
  web::Metrics& metrics_;
};

}  // namespace regal::handlers
