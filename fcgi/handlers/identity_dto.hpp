#pragma once
// JSON shapes of the identity API (DTOs) and the mapping from domain types. Field names are
// the API's contract (docs/openapi.yaml); the domain types never see JSON.

#include <Poco/JSON/Object.h>

#include "regal/auth/approval_service.hpp"
#include "regal/auth/auth_service.hpp"
#include "regal/auth/user.hpp"
#include "web/http.hpp"

namespace regal::handlers {

Poco::JSON::Object::Ptr user_dto(const auth::User& user);
Poco::JSON::Object::Ptr token_pair_dto(const auth::TokenPair& pair);
Poco::JSON::Object::Ptr audit_dto(const auth::AuditRecord& record);
Poco::JSON::Object::Ptr approval_grant_dto(const auth::ApprovalGrant& grant);

// Who is calling, for services and the audit log.
auth::Actor actor_of(const web::Request& request);

// The authenticated caller; the App guarantees it on routes that need a token.
const auth::AuthContext& caller_of(const web::Request& request);

}  // namespace regal::handlers
