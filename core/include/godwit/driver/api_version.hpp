#pragma once

// The driver API's version, and the inline namespace that carries it (as the SDK's carries its ABI major,
// see godwit/version.hpp). The contract of godwit/driver/driver.hpp and driver_record.hpp is declared in
// `namespace godwit::driver { inline namespace api_v2 {`: code spells godwit::driver::Driver, the mangled
// name is godwit::driver::api_v2::Driver, so code built against another driver API does not link with this
// one. The helpers next to it (secret_masker.hpp, statement_log.hpp, ...) are inline code compiled
// into each module, not part of the contract, and stay in plain godwit::driver.
//
// Raise GODWIT_DRIVER_API_VERSION with godwit::driver::kDriverApiVersion (driver_record.hpp checks they
// agree): any change to driver.hpp or to the driver record after api_version. See docs/abi.md.
#define GODWIT_DRIVER_API_VERSION 3

#define GODWIT_DETAIL_DRIVER_NAMESPACE_NAME(version) api_v##version
#define GODWIT_DETAIL_DRIVER_NAMESPACE(version) GODWIT_DETAIL_DRIVER_NAMESPACE_NAME(version)
#define GODWIT_DRIVER_API_NAMESPACE GODWIT_DETAIL_DRIVER_NAMESPACE(GODWIT_DRIVER_API_VERSION)
#define GODWIT_DRIVER_BEGIN_NAMESPACE \
  namespace godwit::driver {          \
  inline namespace GODWIT_DRIVER_API_NAMESPACE {
#define GODWIT_DRIVER_END_NAMESPACE \
  }                                 \
  }
