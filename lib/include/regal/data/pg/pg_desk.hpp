#pragma once
// PostgreSQL adapters of the help-desk ports (regal/ports/desk_ports.hpp), schema in
// migrations/0007_desk.sql. Messages, history and attachment references are only ever inserted
// (the database refuses anything else).

#include "regal/ports/desk_ports.hpp"

namespace regal::pg {

class Database;

class PgDeskDirectory final : public ports::DeskDirectory {
 public:
  explicit PgDeskDirectory(Database& db) : db_(db) {}

  std::vector<desk::Department> departments(bool active_only, const std::string& after_id,
                                            int limit) override;
  std::optional<desk::Department> department(const std::string& id) override;
  desk::Department insert_department(const desk::Department& d,
                                     const auth::AuditEntry& audit) override;
  std::optional<desk::Department> update_department(const desk::Department& d,
                                                    int expected_version,
                                                    const auth::AuditEntry& audit) override;
  std::vector<desk::Team> teams(const std::optional<std::string>& department_id,
                                const std::string& after_id, int limit) override;
  std::optional<desk::Team> team(const std::string& id) override;
  desk::Team insert_team(const desk::Team& t, const auth::AuditEntry& audit) override;
  std::optional<desk::Team> update_team(const desk::Team& t, int expected_version,
                                        const auth::AuditEntry& audit) override;
  std::vector<desk::StaffMember> staff(const std::optional<std::string>& department_id,
                                       const std::optional<std::string>& team_id,
                                       const std::string& after_user_id, int limit) override;
  std::optional<desk::StaffMember> staff_member(const std::string& user_id) override;
  desk::StaffMember insert_staff(const desk::StaffMember& s,
                                 const auth::AuditEntry& audit) override;
  std::optional<desk::StaffMember> update_staff(const desk::StaffMember& s, int expected_version,
                                                const auth::AuditEntry& audit) override;
  bool remove_staff(const std::string& user_id, const auth::AuditEntry& audit) override;
  std::optional<auth::DeskRole> account_role(const std::string& user_id) override;

 private:
  Database& db_;
};

class PgTicketStore final : public ports::TicketStore {
 public:
  explicit PgTicketStore(Database& db) : db_(db) {}

  desk::Ticket insert(const desk::Ticket& ticket,
                      const std::vector<desk::HistoryEntry>& history) override;
  std::optional<desk::Ticket> find(const std::string& id) override;
  std::vector<desk::Ticket> list(const desk::TicketQuery& query) override;
  std::optional<desk::Ticket> write(const ports::TicketWrite& w) override;
  std::vector<desk::TicketMessage> messages(const std::string& ticket_id, bool include_internal,
                                            const std::string& after_id, int limit) override;
  std::optional<desk::TicketMessage> message(const std::string& ticket_id,
                                             const std::string& message_id) override;
  std::vector<desk::HistoryEntry> history(const std::string& ticket_id, std::int64_t after_id,
                                          int limit) override;
  std::vector<desk::Attachment> attachments(const std::string& ticket_id, bool include_internal,
                                            const std::string& after_id, int limit) override;
  desk::TicketStats stats(const std::optional<std::string>& department_id) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
