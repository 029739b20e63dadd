#pragma once
// PostgreSQL adapter of the custom-order port (regal/ports/custom_order_ports.hpp), schema in
// migrations/0011_custom_orders.sql.

#include "regal/ports/custom_order_ports.hpp"

namespace regal::pg {

class Database;

class PgCustomOrderStore final : public ports::CustomOrderStore {
 public:
  explicit PgCustomOrderStore(Database& db) : db_(db) {}

  ports::OrderPlace place(const std::string& branch_id, const std::string& customer_id) override;
  std::optional<ports::StoredReplay> replay(const std::string& scope,
                                            const std::string& key) override;
  std::optional<pos::CustomOrder> create(const pos::CustomOrder& order,
                                         const std::optional<pos::DepositRequest>& deposit,
                                         const std::string& number_format,
                                         const std::string& shift_owner,
                                         const ports::WriteContext& context) override;
  std::optional<pos::CustomOrder> add_deposit(const std::string& order_id,
                                              const pos::DepositRequest& deposit,
                                              const std::string& shift_owner,
                                              const std::string& request_hash,
                                              const ports::WriteContext& context) override;
  std::optional<pos::CustomOrder> set_status(const std::string& order_id, pos::OrderStatus to,
                                             int expected_version, const std::string& note,
                                             const std::string& request_hash,
                                             const ports::WriteContext& context) override;
  std::optional<pos::CustomOrder> deliver(const std::string& order_id, const std::string& shift_id,
                                          const std::string& shift_owner, int expected_version,
                                          const BuildInvoice& invoice,
                                          const std::string& sale_number_format,
                                          const std::string& request_hash,
                                          const ports::WriteContext& context) override;
  std::optional<pos::CustomOrder> cancel(const std::string& order_id,
                                         const pos::CancelRequest& cancel,
                                         const std::string& shift_owner, int expected_version,
                                         const std::string& request_hash,
                                         const ports::WriteContext& context) override;
  std::optional<pos::CustomOrder> find(const std::string& id) override;
  std::vector<pos::CustomOrder> list(const pos::CustomOrderQuery& query) override;

 private:
  Database& db_;
};

}  // namespace regal::pg
