#include <Poco/Exception.h>

#include <algorithm>

#include "data/pg/pg_audit.hpp"
#include "data/pg/pg_error.hpp"
#include "data/pg/rows.hpp"
#include "regal/core/error.hpp"
#include "regal/data/pg/database.hpp"
#include "regal/data/pg/pg_identity.hpp"

namespace regal::pg {
namespace {

using auth::User;

const std::string kUserColumns =
    "id::text, full_name, email, username, password_hash, pos_role, desk_role, is_active,"
    " meta::text, " +
    ms("created_at") + ", " + ms("updated_at") + ", version";
const std::string kSelectById = "SELECT " + kUserColumns + " FROM users WHERE id = $1::uuid";
const std::string kSelectByLogin = "SELECT " + kUserColumns +
                                   " FROM users WHERE lower(email) = lower($1)"
                                   " OR lower(username) = lower($1) LIMIT 1";
constexpr const char* kInsertUser =
    "INSERT INTO users (id, full_name, email, username, password_hash, pos_role, desk_role,"
    " is_active, meta) VALUES ($1::uuid, $2, $3, $4, $5, NULLIF($6, ''), $7, $8::boolean, $9::jsonb)";
constexpr const char* kUpdateUser =
    "UPDATE users SET full_name = $1, email = $2, username = $3, password_hash = $4,"
    " pos_role = NULLIF($5, ''), desk_role = $6, is_active = $7::boolean, meta = $8::jsonb"
    " WHERE id = $9::uuid AND version = $10::int";
// Locks every active POS admin row, so concurrent demotions are decided one at a time.
constexpr const char* kLockActiveAdmins =
    "SELECT id::text FROM users WHERE pos_role = 'admin' AND is_active ORDER BY id FOR UPDATE";

User to_user(const Row& r) {
  User u;
  u.id = r.text(0);
  u.full_name = r.text(1);
  u.email = r.text(2);
  u.username = r.text(3);
  u.password_hash = r.text(4);
  u.pos_role = r.is_null(5) ? std::nullopt : auth::parse_pos_role(r.text(5));
  u.desk_role = auth::parse_desk_role(r.text(6)).value_or(auth::DeskRole::kEndUser);
  u.is_active = r.boolean(7);
  u.meta_json = r.text(8);
  u.created_at_ms = r.int64(9);
  u.updated_at_ms = r.int64(10);
  u.version = static_cast<int>(r.int64(11));
  return u;
}

std::optional<User> select_one(Database& db, const std::string& sql, std::string param) {
  return db.with_session([&](Poco::Data::Session& s) -> std::optional<User> {
    const Result rs = exec(s, sql, {param});
    if (rs.rowCount() == 0) return std::nullopt;
    return to_user(Row(rs, 0));
  });
}

// Duplicate email/username → 409 naming the field; anything else propagates.
template <class Fn>
void translating_duplicates(Fn&& fn) {
  try {
    fn();
  } catch (const Poco::Exception& e) {
    if (classify(e) != PgFailure::kUniqueViolation) throw;
    const std::string constraint = violated_constraint(e);
    if (constraint == "users_email_key") {
      throw Error::conflict("DUPLICATE_EMAIL", "Another account already uses this email.");
    }
    if (constraint == "users_username_key") {
      throw Error::conflict("DUPLICATE_USERNAME", "Another account already uses this username.");
    }
    throw;
  }
}

std::string role_text(const User& u) {
  return u.pos_role ? std::string(auth::to_string(*u.pos_role)) : std::string();
}

}  // namespace

std::optional<User> PgUserRepository::find_by_id(const std::string& id) {
  return select_one(db_, kSelectById, id);
}

std::optional<User> PgUserRepository::find_by_login(std::string_view login) {
  return select_one(db_, kSelectByLogin, std::string(login));
}

void PgUserRepository::insert(const User& user, const auth::AuditEntry& audit) {
  translating_duplicates([&] {
    db_.transact([&](Transaction& tx) {
      const User& u = user;
      exec(tx.session(), kInsertUser,
           {u.id, u.full_name, u.email, u.username, u.password_hash, role_text(u),
            std::string(auth::to_string(u.desk_role)), u.is_active ? "t" : "f", u.meta_json});
      insert_audit(tx.session(), audit);
    });
  });
}

bool PgUserRepository::update(const User& user, int expected_version,
                              const auth::AuditEntry& audit) {
  bool updated = false;
  translating_duplicates([&] {
    updated = db_.transact([&](Transaction& tx) {
      std::vector<std::string> admins;
      const Result locked = exec(tx.session(), kLockActiveAdmins);
      for (std::size_t i = 0; i < locked.rowCount(); ++i) admins.push_back(Row(locked, i).text(0));
      const bool was_admin = std::find(admins.begin(), admins.end(), user.id) != admins.end();
      const bool stays_admin = user.is_active && user.pos_role == auth::PosRole::kAdmin;
      if (was_admin && !stays_admin && admins.size() == 1) {
        throw Error::conflict("LAST_ADMIN",
                              "The last active POS admin cannot be deactivated or demoted.");
      }
      const User& u = user;
      const Result changed =
          exec(tx.session(), kUpdateUser,
               {u.full_name, u.email, u.username, u.password_hash, role_text(u),
                std::string(auth::to_string(u.desk_role)), u.is_active ? "t" : "f", u.meta_json,
                u.id, std::to_string(expected_version)});
      if (changed.affected() != 1) return false;
      insert_audit(tx.session(), audit);
      return true;
    });
  });
  return updated;
}

std::vector<User> PgUserRepository::list(const auth::UserQuery& q) {
  std::string sql = "SELECT " + kUserColumns + " FROM users WHERE id > $1::uuid";
  const std::string pos = q.pos_role ? std::string(auth::to_string(*q.pos_role)) : "";
  const std::string desk = q.desk_role ? std::string(auth::to_string(*q.desk_role)) : "";
  const std::string active = q.is_active ? (*q.is_active ? "t" : "f") : "";
  const std::string after =
      q.after_id.empty() ? "00000000-0000-0000-0000-000000000000" : q.after_id;
  sql +=
      " AND ($2::text = '' OR strpos(lower(full_name), lower($2::text)) > 0"
      " OR strpos(lower(email), lower($2::text)) > 0"
      " OR strpos(lower(username), lower($2::text)) > 0)"
      " AND ($3::text = '' OR pos_role = $3::text) AND ($4::text = '' OR desk_role = $4::text)"
      " AND ($5::text = '' OR is_active = ($5::text = 't')) ORDER BY id LIMIT $6::int";
  return db_.with_session([&](Poco::Data::Session& s) {
    const Result rs = exec(s, sql, {after, q.search, pos, desk, active, std::to_string(q.limit)});
    std::vector<User> out;
    for (std::size_t i = 0; i < rs.rowCount(); ++i) out.push_back(to_user(Row(rs, i)));
    return out;
  });
}

}  // namespace regal::pg
