#pragma once
// DATABASE_URL handling. Poco::Data::PostgreSQL accepts only libpq's key=value form and rejects
// postgresql:// URLs (STACK-NOTES), so URLs are translated here, in one place.

#include <string>

namespace regal::pg {

// "postgresql://user:pa%40ss@host:5432/db?sslmode=require" →
// "host=host port=5432 dbname=db user=user password=pa@ss sslmode=require".
// Values are unquoted because Poco's connector does not understand libpq quoting: a value with
// blanks, quotes, '=' or backslashes is refused (INVALID_CONFIG) rather than silently mangled.
// A string without "://" is taken to be key=value already and returned unchanged.
// `connect_timeout_s` > 0 adds connect_timeout unless the URL sets it.
// Throws regal::Error INVALID_CONFIG for a malformed URL or another scheme; the message never
// includes the password.
std::string conninfo_from_url(const std::string& url, int connect_timeout_s = 0);

// The URL with its password replaced by "***", for logs and error messages.
std::string redact_url(const std::string& url);

}  // namespace regal::pg
