#pragma once
// Gap-free document numbers. A number is taken by UPDATE … RETURNING on the register's series row
// inside the transaction that stores the document, so a failed document rolls the counter back
// with it: no gaps, no reuse; the row lock serialises the register's documents of that kind.

#include <Poco/Data/Session.h>

#include <cstdint>
#include <string>

namespace regal::pg {

// The next number of `kind` ('sale', 'refund', 'z_report', …) for the register.
std::int64_t take_document_number(Poco::Data::Session& session, const std::string& register_id,
                                  const std::string& kind);

// Puts the number into a format whose {branch} and {register} are already filled: "{seq}" becomes
// the number with at least six digits; a format without {seq} gets "-000123" appended.
std::string format_document_number(std::string format, std::int64_t seq);

}  // namespace regal::pg
