#pragma once

#include <stdexcept>
#include <string>

#include "godwit/version.hpp"

// Exceptions a revision may see or throw. The host catches everything at the plugin boundary; these types
// only let it keep the detail (SQLSTATE, the failing statement) when it reports the failure.
#define GODWIT_VISIBLE __attribute__((visibility("default")))

GODWIT_BEGIN_NAMESPACE

class GODWIT_VISIBLE Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database refused a statement or the connection broke. Thrown by Context methods.
class GODWIT_VISIBLE DatabaseError : public Error {
 public:
  DatabaseError(const std::string& message, std::string sqlstate, std::string statement = {})
      : Error(message), sqlstate_(std::move(sqlstate)), statement_(std::move(statement)) {}
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  const std::string& statement() const noexcept { return statement_; }

 private:
  std::string sqlstate_;
  std::string statement_;
};

// The connection to the server was lost (sqlstate is empty or class 08).
class GODWIT_VISIBLE ConnectionLost : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// A revision asked for data (query, stream) while godwit renders SQL offline (--sql).
class GODWIT_VISIBLE OfflineUnsupported : public Error {
 public:
  using Error::Error;
};

// Thrown by a downgrade that cannot be undone.
class GODWIT_VISIBLE Irreversible : public Error {
 public:
  using Error::Error;
};

// A value could not be converted to the requested type, or a NULL was read as a non-optional type.
class GODWIT_VISIBLE ConversionError : public Error {
 public:
  using Error::Error;
};

GODWIT_END_NAMESPACE
