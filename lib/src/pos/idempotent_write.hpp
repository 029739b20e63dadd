#pragma once
// The idempotent write every stock and expense document goes through (Idempotency-Key, per
// caller and operation): an earlier request with the same key and body is replayed, the same key
// with another body is 422 IDEMPOTENCY_KEY_REUSED, and when a concurrent twin commits first (the
// store answers nullopt after losing the key) its document is replayed too.

#include <optional>
#include <string>
#include <utility>

#include "regal/core/error.hpp"
#include "regal/ports/stock_ports.hpp"
#include "regal/pos/stock_service.hpp"

namespace regal::pos {

// replay() → optional<ports::StoredReplay>; find(id) → optional<Doc>; write() → optional<Doc>.
template <class Doc, class Replay, class Find, class Write>
Stored<Doc> write_once(const std::string& key, const std::string& hash, Replay&& replay,
                       Find&& find, Write&& write) {
  auto earlier = [&]() -> std::optional<Stored<Doc>> {
    if (key.empty()) return std::nullopt;
    const std::optional<ports::StoredReplay> done = replay();
    if (!done) return std::nullopt;
    if (done->request_hash != hash) {
      throw Error(ErrorKind::kUnprocessable, "IDEMPOTENCY_KEY_REUSED",
                  "This Idempotency-Key was already used for another request.");
    }
    std::optional<Doc> doc = find(done->document_id);
    if (!doc) throw Error::not_found("The document of this Idempotency-Key");
    return Stored<Doc>{std::move(*doc), true};
  };
  if (auto done = earlier()) return std::move(*done);
  if (std::optional<Doc> stored = write()) return Stored<Doc>{std::move(*stored), false};
  if (auto done = earlier()) return std::move(*done);
  throw Error::conflict("DOCUMENT_CONFLICT", "The document could not be recorded; retry it.");
}

}  // namespace regal::pos
