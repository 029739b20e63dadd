// PgDeskDirectory: departments, teams and staff placement (migrations/0007_desk.sql).
#include <Poco/Data/Session.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <sstream>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_error.hpp"
#include "data/pg/rows.hpp"
#include "data/pg/sql.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_desk.hpp"

namespace regal::pg {
namespace {

using desk::Department;
using desk::StaffMember;
using desk::Team;

const std::string kDepartmentColumns = "id::text, name, description, is_active, " +
                                       ms("created_at") + ", " + ms("updated_at") + ", version";
const std::string kTeamColumns = "id::text, department_id::text, name, is_active, " +
                                 ms("created_at") + ", " + ms("updated_at") + ", version";
const std::string kStaffColumns =
    "s.user_id::text, u.full_name, u.desk_role, s.department_id::text,"
    " coalesce((SELECT string_agg(st.team_id::text, ',' ORDER BY st.team_id) FROM staff_teams st"
    " WHERE st.user_id = s.user_id), ''),"
    " coalesce((SELECT string_agg(st.team_id::text, ',' ORDER BY st.team_id) FROM staff_teams st"
    " WHERE st.user_id = s.user_id AND st.leads), ''), " +
    ms("s.created_at") + ", " + ms("s.updated_at") + ", s.version";
const std::string kSelectStaff =
    "SELECT " + kStaffColumns + " FROM staff s JOIN users u ON u.id = s.user_id WHERE true";

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string id; std::getline(in, id, ',');) {
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

Department to_department(const Row& r) {
  return {r.text(0),  r.text(1),  r.text(2), r.boolean(3),
          r.int64(4), r.int64(5), static_cast<int>(r.int64(6))};
}

Team to_team(const Row& r) {
  return {r.text(0),  r.text(1),  r.text(2), r.boolean(3),
          r.int64(4), r.int64(5), static_cast<int>(r.int64(6))};
}

StaffMember to_staff(const Row& r) {
  StaffMember s;
  s.user_id = r.text(0);
  s.full_name = r.text(1);
  s.desk_role = auth::parse_desk_role(r.text(2)).value_or(auth::DeskRole::kEndUser);
  s.department_id = r.text(3);
  s.team_ids = split_ids(r.text(4));
  s.lead_team_ids = split_ids(r.text(5));
  s.created_at_ms = r.int64(6);
  s.updated_at_ms = r.int64(7);
  s.version = static_cast<int>(r.int64(8));
  return s;
}

template <class T, class Map>
std::vector<T> rows_of(const Result& rs, Map map) {
  std::vector<T> out;
  for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(map(Row(rs, i)));
  return out;
}

template <class T, class Map>
std::optional<T> first_of(const Result& rs, Map map) {
  if (rs.rowCount() == 0) return std::nullopt;
  return map(Row(rs, 0));
}

// A unique violation from a concurrent writer (or a name taken) → 409.
template <class Fn>
auto translating_conflicts(Fn&& fn) {
  try {
    return fn();
  } catch (const Poco::Exception& e) {
    if (classify(e) != PgFailure::kUniqueViolation) throw;
    const std::string c = violated_constraint(e);
    if (c == "departments_name") {
      throw Error::conflict("DUPLICATE_NAME", "Another department has this name.");
    }
    if (c == "teams_name") {
      throw Error::conflict("DUPLICATE_NAME", "Another team of the department has this name.");
    }
    if (c == "staff_pkey") throw Error::conflict("ALREADY_EXISTS", "The user is already staff.");
    throw;
  }
}

std::optional<Department> select_department(Poco::Data::Session& s, const std::string& id) {
  Sql sql("SELECT " + kDepartmentColumns + " FROM departments WHERE id = ");
  sql << sql.bind(id, "uuid");
  return first_of<Department>(sql.run(s), to_department);
}

std::optional<Team> select_team(Poco::Data::Session& s, const std::string& id) {
  Sql sql("SELECT " + kTeamColumns + " FROM teams WHERE id = ");
  sql << sql.bind(id, "uuid");
  return first_of<Team>(sql.run(s), to_team);
}

std::optional<StaffMember> select_staff(Poco::Data::Session& s, const std::string& user_id) {
  Sql sql(kSelectStaff + " AND s.user_id = ");
  sql << sql.bind(user_id, "uuid");
  return first_of<StaffMember>(sql.run(s), to_staff);
}

void write_staff_teams(Poco::Data::Session& s, const StaffMember& m) {
  Sql remove("DELETE FROM staff_teams WHERE user_id = ");
  remove << remove.bind(m.user_id, "uuid");
  remove.run(s);
  if (m.team_ids.empty()) return;
  Sql add("INSERT INTO staff_teams (user_id, team_id, leads) SELECT ");
  add << add.bind(m.user_id, "uuid") << ", t, t = ANY(" << add.bind(pg_array(m.lead_team_ids), "uuid[]")
      << ") FROM unnest(" << add.bind(pg_array(m.team_ids), "uuid[]") << ") AS t";
  add.run(s);
}

}  // namespace

std::vector<Department> PgDeskDirectory::departments(bool active_only, const std::string& after_id,
                                                     int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kDepartmentColumns + " FROM departments WHERE true");
    if (active_only) sql << " AND is_active";
    if (!after_id.empty()) sql << " AND id > " << sql.bind(after_id, "uuid");
    sql << " ORDER BY id LIMIT " << std::to_string(limit);
    return rows_of<Department>(sql.run(s), to_department);
  });
}

std::optional<Department> PgDeskDirectory::department(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_department(s, id); });
}

Department PgDeskDirectory::insert_department(const Department& d, const auth::AuditEntry& audit) {
  return translating_conflicts([&] {
    return db_.transact([&](Transaction& tx) {
      Sql sql("INSERT INTO departments (id, name, description, is_active) VALUES (");
      sql << sql.bind(d.id, "uuid") << ", " << sql.bind(d.name, "text") << ", "
          << sql.bind(d.description, "text") << ", "
          << sql.bind(d.is_active ? "true" : "false", "boolean") << ")";
      sql.run(tx.session());
      insert_audit(tx.session(), audit);
      return *select_department(tx.session(), d.id);
    });
  });
}

std::optional<Department> PgDeskDirectory::update_department(const Department& d,
                                                             int expected_version,
                                                             const auth::AuditEntry& audit) {
  return translating_conflicts([&] {
    return db_.transact([&](Transaction& tx) -> std::optional<Department> {
      Sql sql("UPDATE departments SET name = ");
      sql << sql.bind(d.name, "text") << ", description = " << sql.bind(d.description, "text")
          << ", is_active = " << sql.bind(d.is_active ? "true" : "false", "boolean")
          << " WHERE id = " << sql.bind(d.id, "uuid")
          << " AND version = " << sql.bind(std::to_string(expected_version), "integer")
          << " RETURNING id";
      if (sql.run(tx.session()).rowCount() == 0) return std::nullopt;
      insert_audit(tx.session(), audit);
      return select_department(tx.session(), d.id);
    });
  });
}

std::vector<Team> PgDeskDirectory::teams(const std::optional<std::string>& department_id,
                                         const std::string& after_id, int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql("SELECT " + kTeamColumns + " FROM teams WHERE true");
    if (department_id) sql << " AND department_id = " << sql.bind(*department_id, "uuid");
    if (!after_id.empty()) sql << " AND id > " << sql.bind(after_id, "uuid");
    sql << " ORDER BY id LIMIT " << std::to_string(limit);
    return rows_of<Team>(sql.run(s), to_team);
  });
}

std::optional<Team> PgDeskDirectory::team(const std::string& id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_team(s, id); });
}

Team PgDeskDirectory::insert_team(const Team& t, const auth::AuditEntry& audit) {
  return translating_conflicts([&] {
    return db_.transact([&](Transaction& tx) {
      Sql sql("INSERT INTO teams (id, department_id, name, is_active) VALUES (");
      sql << sql.bind(t.id, "uuid") << ", " << sql.bind(t.department_id, "uuid") << ", "
          << sql.bind(t.name, "text") << ", "
          << sql.bind(t.is_active ? "true" : "false", "boolean") << ")";
      sql.run(tx.session());
      insert_audit(tx.session(), audit);
      return *select_team(tx.session(), t.id);
    });
  });
}

std::optional<Team> PgDeskDirectory::update_team(const Team& t, int expected_version,
                                                 const auth::AuditEntry& audit) {
  return translating_conflicts([&] {
    return db_.transact([&](Transaction& tx) -> std::optional<Team> {
      Sql sql("UPDATE teams SET name = ");
      sql << sql.bind(t.name, "text")
          << ", is_active = " << sql.bind(t.is_active ? "true" : "false", "boolean")
          << " WHERE id = " << sql.bind(t.id, "uuid")
          << " AND version = " << sql.bind(std::to_string(expected_version), "integer")
          << " RETURNING id";
      if (sql.run(tx.session()).rowCount() == 0) return std::nullopt;
      insert_audit(tx.session(), audit);
      return select_team(tx.session(), t.id);
    });
  });
}

std::vector<StaffMember> PgDeskDirectory::staff(const std::optional<std::string>& department_id,
                                                const std::optional<std::string>& team_id,
                                                const std::string& after_user_id, int limit) {
  return db_.with_session([&](Poco::Data::Session& s) {
    Sql sql(kSelectStaff);
    if (department_id) sql << " AND s.department_id = " << sql.bind(*department_id, "uuid");
    if (team_id) {
      sql << " AND EXISTS (SELECT 1 FROM staff_teams x WHERE x.user_id = s.user_id AND x.team_id = "
          << sql.bind(*team_id, "uuid") << ")";
    }
    if (!after_user_id.empty()) sql << " AND s.user_id > " << sql.bind(after_user_id, "uuid");
    sql << " ORDER BY s.user_id LIMIT " << std::to_string(limit);
    return rows_of<StaffMember>(sql.run(s), to_staff);
  });
}

std::optional<StaffMember> PgDeskDirectory::staff_member(const std::string& user_id) {
  return db_.with_session([&](Poco::Data::Session& s) { return select_staff(s, user_id); });
}

StaffMember PgDeskDirectory::insert_staff(const StaffMember& m, const auth::AuditEntry& audit) {
  return translating_conflicts([&] {
    return db_.transact([&](Transaction& tx) {
      Sql sql("INSERT INTO staff (user_id, department_id) VALUES (");
      sql << sql.bind(m.user_id, "uuid") << ", " << sql.bind(m.department_id, "uuid") << ")";
      sql.run(tx.session());
      write_staff_teams(tx.session(), m);
      insert_audit(tx.session(), audit);
      return *select_staff(tx.session(), m.user_id);
    });
  });
}

std::optional<StaffMember> PgDeskDirectory::update_staff(const StaffMember& m,
                                                         int expected_version,
                                                         const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) -> std::optional<StaffMember> {
    Sql sql("UPDATE staff SET department_id = ");
    sql << sql.bind(m.department_id, "uuid") << " WHERE user_id = " << sql.bind(m.user_id, "uuid")
        << " AND version = " << sql.bind(std::to_string(expected_version), "integer")
        << " RETURNING user_id";
    if (sql.run(tx.session()).rowCount() == 0) return std::nullopt;
    write_staff_teams(tx.session(), m);
    insert_audit(tx.session(), audit);
    return select_staff(tx.session(), m.user_id);
  });
}

bool PgDeskDirectory::remove_staff(const std::string& user_id, const auth::AuditEntry& audit) {
  return db_.transact([&](Transaction& tx) {
    Sql teams("DELETE FROM staff_teams WHERE user_id = ");
    teams << teams.bind(user_id, "uuid");
    teams.run(tx.session());
    Sql sql("DELETE FROM staff WHERE user_id = ");
    sql << sql.bind(user_id, "uuid") << " RETURNING user_id";
    if (sql.run(tx.session()).rowCount() == 0) return false;
    insert_audit(tx.session(), audit);
    return true;
  });
}

std::optional<auth::DeskRole> PgDeskDirectory::account_role(const std::string& user_id) {
  return db_.with_session([&](Poco::Data::Session& s) -> std::optional<auth::DeskRole> {
    Sql sql("SELECT desk_role FROM users WHERE is_active AND id = ");
    sql << sql.bind(user_id, "uuid");
    const auto rs = sql.run(s);
    if (rs.rowCount() == 0) return std::nullopt;
    return auth::parse_desk_role(Row(rs, 0).text(0));
  });
}

}  // namespace regal::pg
