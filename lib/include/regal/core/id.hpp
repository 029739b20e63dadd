#pragma once
// Identifiers: UUIDv7 (RFC 9562) in canonical lower-case text form. Time-ordered, so they index
// well, and random enough that clients such as an offline till can mint their own.

#include <cstdint>
#include <string>
#include <string_view>

namespace regal {

// A new UUIDv7 for the given time (epoch ms); 74 random bits from the OS CSPRNG.
std::string new_uuid_v7(std::int64_t epoch_ms);
std::string new_uuid_v7();

// True for any canonical 8-4-4-4-12 hex UUID (any version), either case.
bool is_uuid(std::string_view text);

// `n` bytes from the OS CSPRNG (getrandom), hex-encoded. Throws std::runtime_error on failure.
std::string random_hex(std::size_t n);

}  // namespace regal
